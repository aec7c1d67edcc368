// Live character count of a textarea carrying data-counter="<id of the output>" (the
// justification of an accepted discrepancy). The server renders the count too, so the page
// works without this script; it only keeps the number current while typing.
document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
  var out = document.getElementById(area.getAttribute("data-counter"));
  if (!out) { return; }
  var update = function () { out.textContent = String(Array.from(area.value.trim()).length); };
  area.addEventListener("input", update);
  update();
});
