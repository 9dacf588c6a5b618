// sihat's own script (the Content-Security-Policy allows no inline script): behaviours are
// declared with data- attributes in the templates.
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    window.print();
  }
});
