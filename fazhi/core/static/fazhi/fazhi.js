// Small behaviours shared by all pages; no external resources.
document.addEventListener("DOMContentLoaded", function () {
  // Charts: any element with data-chart holds an ECharts option as JSON.
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    if (!window.echarts) return;
    var chart = echarts.init(el);
    chart.setOption(JSON.parse(el.getAttribute("data-chart")));
    // A data item with a url (the value's provenance) opens it when clicked.
    chart.on("click", function (p) { if (p.data && p.data.url) window.location.href = p.data.url; });
    window.addEventListener("resize", function () { chart.resize(); });
  });
  // Forms with data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
});
