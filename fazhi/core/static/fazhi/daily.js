// Daily-use behaviours (no inline script anywhere): "select all" boxes and
// the print buttons.
document.addEventListener("DOMContentLoaded", function () {
  // <input type=checkbox data-check-all="report"> ticks every box named "report" in its form.
  document.querySelectorAll("[data-check-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var name = box.getAttribute("data-check-all");
      var scope = box.form || document;
      scope.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (b) {
        b.checked = box.checked;
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
