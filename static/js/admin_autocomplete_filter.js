// The admin's autocomplete list filter (core/admin_filters.py): choosing or clearing applies it.
"use strict";
window.addEventListener("load", function () {
  var $ = window.django && window.django.jQuery;
  if (!$) { return; }
  $(".autocomplete-filter__select").on("change", function () {
    this.form.submit();
  });
});
