// Small helpers for the review page: clicking a highlighted quote shows its fact, and back.
document.addEventListener("click", function (ev) {
  var t = ev.target.closest("[data-fact]");
  if (!t) return;
  var id = t.getAttribute("data-fact");
  document.querySelectorAll(".focus").forEach(function (e) { e.classList.remove("focus"); });
  var other = t.tagName === "MARK" ? document.getElementById("fact-" + id) : document.getElementById("q-" + id);
  if (other) { other.classList.add("focus"); other.scrollIntoView({block: "center", behavior: "smooth"}); }
});

// close an open menu group (Số liệu, Nghiệp vụ) when the user clicks elsewhere
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.navgroup[open]").forEach((group) => {
    if (!group.contains(event.target)) group.removeAttribute("open");
  });
});
