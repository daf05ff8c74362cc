// Daily-use behaviours (no inline script anywhere): "select all" boxes,
// dependent selects and the print buttons.
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
  // <select data-depends-on="reply_type">: only the options whose data-for
  // lists the parent field's value are offered (fazhi.core.forms.DependentSelect);
  // with none to offer, the field is hidden.
  document.querySelectorAll("select[data-depends-on]").forEach(function (select) {
    var form = select.form;
    var parent = form && form.elements[select.getAttribute("data-depends-on")];
    if (!parent) { return; }
    var wrapper = select.closest(".mb-3") || select.parentNode;
    function follow() {
      var offered = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.hasAttribute("data-for")) { return; }
        var fits = option.getAttribute("data-for").split(" ").indexOf(parent.value) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (fits) { offered += 1; }
        if (!fits && option.selected) { select.value = ""; }
      });
      wrapper.hidden = offered === 0;
    }
    parent.addEventListener("change", follow);
    follow();
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
