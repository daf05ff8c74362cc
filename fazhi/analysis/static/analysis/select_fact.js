// 报告页“补充遗漏的数据”：在原文中选中文字时，把所选文字填入补充表单。
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-selection-from]").forEach(function (box) {
    var source = document.getElementById(box.getAttribute("data-selection-from"));
    if (!source) { return; }
    source.addEventListener("mouseup", function () {
      var sel = window.getSelection();
      var text = sel ? sel.toString().trim() : "";
      if (text && source.contains(sel.anchorNode)) {
        box.value = text.slice(0, 200);
      }
    });
  });
})();
