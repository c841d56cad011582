// The review page's "Reason" pickers: picking one of the convention's reasons fills the text it
// goes with, which stays editable. Words already typed are kept (the reason goes below them).
// Without JavaScript the server sends the picked reason's text when the field is left empty.
(function () {
  "use strict";
  var pickers = document.querySelectorAll("select[data-fills]");
  Array.prototype.forEach.call(pickers, function (picker) {
    var text = document.getElementById(picker.getAttribute("data-fills"));
    if (!text) { return; }
    var filled = null;
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      var body = option ? option.getAttribute("data-body") : null;
      if (body === null) { return; }
      var typed = text.value;
      if (typed.trim() === "" || typed === filled) {
        text.value = body;
      } else {
        text.value = typed.replace(/\s+$/, "") + "\n\n" + body;
      }
      filled = text.value;
      text.focus();
    });
  });
})();
