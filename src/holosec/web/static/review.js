// The review page's keys: a, r and c press the verdict buttons (each marked data-key), the arrow keys
// follow the previous and next links. Keys typed into a field (the note) stay text.
"use strict";

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) {
    return;
  }
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"))) {
    return;
  }
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const control = [...document.querySelectorAll("[data-key]")].find((element) => element.dataset.key === key);
  if (!control) {
    return;
  }
  event.preventDefault();
  control.click();
});
