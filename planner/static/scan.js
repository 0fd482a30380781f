// Check-in at the door: scan a volunteer's QR code with the phone's camera.
// An enhancement only. Without JavaScript, or where the browser has no BarcodeDetector or no
// camera, the page stays as it is and the code is typed. A code read from the camera is put in
// the same field and the same form is sent, so the server checks it exactly as a typed one.
(function () {
  "use strict";
  var box = document.getElementById("camera-scan");
  var form = document.getElementById("check-in-form");
  if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var video = document.getElementById("camera-view");
  var field = form.querySelector("input[name=code]");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = box.dataset.start;
  box.hidden = false;
  box.insertBefore(button, video);
  video.hidden = true;
  var stream = null;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    button.textContent = box.dataset.start;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        field.value = codes[0].rawValue;
        stop();
        form.submit();
      } else {
        window.setTimeout(look, 250);
      }
    }, function () { window.setTimeout(look, 250); });
  }

  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      button.textContent = box.dataset.stop;
      return video.play().then(look);
    }).catch(function () {
      stop();
      var note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.textContent = box.dataset.failed;
      box.appendChild(note);
    });
  });
}());
