// The budget request form without reloading: add and remove line items, and a running total as one types.
// Without this script the same buttons work through the server (see budgets.views._adding_rows).
(function () {
  "use strict";
  var table = document.querySelector("#line-items tbody");
  var total = document.getElementById("running-total");
  if (!table || !total) { return; }
  var addButton = document.querySelector("#line-items .add-rows");
  var digits = parseInt(total.getAttribute("data-digits"), 10);
  var numbering = total.getAttribute("data-numbering");  // the digits the reader chose, as the server wrote them
  var locale = (document.documentElement.lang || "en") + (/^(latn|arab)$/.test(numbering) ? "-u-nu-" + numbering : "");
  var money = new Intl.NumberFormat(locale, {
    style: "currency", currency: total.getAttribute("data-currency"),
    minimumFractionDigits: digits, maximumFractionDigits: digits
  });

  function number(input) {
    var text = (input && input.value || "").replace(/[\s\u00a0\u202f\u066c]/g, "").replace("\u066b", ".")
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
    return text && !isNaN(Number(text)) ? Number(text) : null;
  }

  function recount() {
    var sum = 0;
    table.querySelectorAll("tr").forEach(function (row) {
      var quantity = number(row.querySelector("input[name$='-quantity']"));
      var cost = number(row.querySelector("input[name$='-unit_cost']"));
      if (quantity !== null && cost !== null) { sum += quantity * cost; }
    });
    total.textContent = money.format(sum);
  }

  function renumber() {
    table.querySelectorAll("tr").forEach(function (row, index) {
      var shown = String(index + 1);
      row.querySelector("th").textContent = shown;
      row.querySelectorAll("label, .remove-row").forEach(function (element) {
        element.textContent = element.textContent.replace(/\d+/, shown);
      });
    });
  }

  function nextIndex() {
    var highest = -1;
    table.querySelectorAll("[name^='items-']").forEach(function (field) {
      highest = Math.max(highest, parseInt(field.name.split("-")[1], 10));
    });
    return highest + 1;
  }

  function addRow() {
    var rows = table.querySelectorAll("tr");
    var max = parseInt(addButton.getAttribute("data-max"), 10);
    if (rows.length >= max) { return; }
    var copy = rows[rows.length - 1].cloneNode(true);
    var index = String(nextIndex());
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) { element.setAttribute(attribute, value.replace(/items-\d+-/, "items-" + index + "-")); }
      });
    });
    copy.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("aria-invalid"); });
    copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
    copy.querySelectorAll(".error").forEach(function (error) { error.remove(); });
    copy.querySelectorAll(".has-error").forEach(function (cell) { cell.classList.remove("has-error"); });
    table.appendChild(copy);
    renumber();
    copy.querySelector("select, input").focus();
  }

  function removeRow(button) {
    var row = button.closest("tr");
    var following = row.nextElementSibling || row.previousElementSibling;
    if (table.querySelectorAll("tr").length === 1) { addRow(); following = table.lastElementChild; }
    row.remove();
    renumber();
    recount();
    if (following) { following.querySelector("select, input").focus(); }
  }

  table.addEventListener("input", recount);
  table.addEventListener("click", function (event) {
    var button = event.target.closest(".remove-row");
    if (button) { event.preventDefault(); removeRow(button); }
  });
  if (addButton) {
    addButton.addEventListener("click", function (event) { event.preventDefault(); addRow(); });
  }
})();
