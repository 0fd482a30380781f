// A long checkbox list gets a box that narrows it as one types (the list works without it).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u0652\u0640]/g, "").toLocaleLowerCase();
  }
  document.querySelectorAll("fieldset.checkbox-list[data-filter-label]").forEach(function (list) {
    var options = Array.prototype.slice.call(list.querySelectorAll("li, .checkbox-option"));
    var box = document.createElement("input");
    box.type = "search";
    box.className = "choices-filter";
    box.setAttribute("aria-label", list.getAttribute("data-filter-label"));
    box.setAttribute("dir", "auto");
    list.querySelector("legend").insertAdjacentElement("afterend", box);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      options.forEach(function (option) {
        var ticked = option.querySelector("input:checked");
        option.hidden = Boolean(wanted) && !ticked && fold(option.textContent).indexOf(wanted) === -1;
      });
    });
  });
})();
