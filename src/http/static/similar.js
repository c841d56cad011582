// The mailbag form: while the reader types, show published questions like theirs, so the same
// question is not asked ten times. Without JavaScript the form's "Check for similar questions"
// step does the same on the server.
(function () {
  "use strict";
  var body = document.getElementById("body");
  var list = document.getElementById("similar-live");
  if (!body || !list) { return; }
  var timer = null;
  function show(items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!items.length) { return; }
    var heading = document.createElement("p");
    heading.textContent = "Already answered, and perhaps what you are looking for:";
    list.appendChild(heading);
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/mailbag/" + encodeURIComponent(item.slug);
      a.textContent = item.headline;
      li.appendChild(a);
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = body.value.trim();
      if (text.length < 20) { show([]); return; }
      fetch("/api/v1/mailbag/similar?q=" + encodeURIComponent(text.slice(0, 1000)))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (page) { show(page.items || []); })
        .catch(function () { show([]); });
    }, 400);
  });
})();
