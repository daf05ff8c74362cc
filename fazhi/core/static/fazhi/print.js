// Print buttons (data-print) for pages without the site's scripts (the public
// portal): a static file, so the Content-Security-Policy needs no inline script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
