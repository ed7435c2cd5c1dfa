// The evidence register's filter: show the figures of one chapter or one source.
// Only an enhancement: without it the form stays hidden and every row shows.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".guidance-register-filter");
  var table = document.querySelector("table.guidance-register");
  if (!form || !table) return;
  var chapter = form.querySelector("#register-chapter");
  var source = form.querySelector("#register-source");
  var count = form.querySelector("#register-count");
  var rows = table.tBodies[0].rows;
  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var chapters = (r.getAttribute("data-chapters") || "").split(" ");
      var ok = (!chapter.value || chapters.indexOf(chapter.value) >= 0) &&
               (!source.value || r.getAttribute("data-source") === source.value);
      r.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " of " + rows.length + " figures shown";
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  chapter.addEventListener("change", apply);
  source.addEventListener("change", apply);
  apply();
});
