// Small behaviours shared by all pages; no external resources.
document.addEventListener("DOMContentLoaded", function () {
  // Charts: any element with data-chart holds an ECharts option as JSON.
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    if (!window.echarts) return;
    var chart = echarts.init(el);
    chart.setOption(JSON.parse(el.getAttribute("data-chart")));
    window.addEventListener("resize", function () { chart.resize(); });
  });
  // Forms with data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
});
