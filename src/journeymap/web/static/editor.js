// The editor's own script (no CDN, no inline code: the page's CSP allows only 'self').
// 1. Drag and drop in the grid: an item with [data-reorder-item] (dragged by its handle)
//    dropped on another item of the same list posts to /maps/<key>/reorder, the endpoint the
//    move up/down buttons use, with the page's version token (a conflict answers 409).
// 2. The editor answers a conflict (409) or a refused change (422) with the editor showing
//    the message: htmx swaps those in too, instead of ignoring error answers.
// 3. The YAML pane, once opened, stays open while the editor is swapped after each save.
// 4. So do the comments and evidence boxes that were open.
(function () {
  "use strict";
  let dragged = null;

  function listOf(item) {
    return item ? item.closest("[data-reorder]") : null;
  }

  function itemAt(event) {
    // The nearest item of the dragged item's list (lists nest: solutions inside stages).
    if (!dragged) return null;
    const list = listOf(dragged);
    let item = event.target instanceof Element ? event.target.closest("[data-reorder-item]") : null;
    while (item && listOf(item) !== list) {
      item = item.parentElement ? item.parentElement.closest("[data-reorder-item]") : null;
    }
    return item;
  }

  function clearMarks() {
    document.querySelectorAll(".drop-target").forEach(function (el) {
      el.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    const handle = target ? target.closest("[data-reorder-handle]") : null;
    if (!handle) return;
    dragged = handle.closest("[data-reorder-item]");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.reorderItem);
  });

  document.addEventListener("dragover", function (event) {
    const item = itemAt(event);
    if (!item) return;
    event.preventDefault();  // allows the drop
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    if (item !== dragged) item.classList.add("drop-target");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    clearMarks();
    dragged = null;
  });

  document.addEventListener("drop", function (event) {
    const item = itemAt(event);
    if (!item || item === dragged) return;
    event.preventDefault();
    const list = listOf(item);
    const editor = document.getElementById("editor");
    const csrf = editor.querySelector("input[name=csrf]");
    const values = {
      kind: list.dataset.reorder,
      item: dragged.dataset.reorderItem,
      to: item.dataset.reorderIndex,
      stage: list.dataset.reorderStage || "",
      barrier: list.dataset.reorderBarrier || "",
      token: editor.dataset.token,
      csrf: csrf ? csrf.value : "",
    };
    clearMarks();
    htmx.ajax("POST", editor.dataset.reorderUrl, {
      target: "#editor",
      swap: "outerHTML",
      values: values,
    });
  });

  const PANE = "journeymap-source-pane";
  function restorePane() {
    const pane = document.getElementById("source-pane");
    if (pane && sessionStorage.getItem(PANE) === "open") pane.open = true;
  }
  document.addEventListener("toggle", function (event) {
    if (event.target instanceof Element && event.target.id === "source-pane") {
      sessionStorage.setItem(PANE, event.target.open ? "open" : "closed");
    }
  }, true);
  document.addEventListener("htmx:afterSettle", restorePane);

  // 4. Boxes marked [data-keep-open] (comments, evidence) stay open across a save's swap.
  let keptOpen = [];
  document.addEventListener("htmx:beforeSwap", function () {
    keptOpen = Array.from(document.querySelectorAll("details[data-keep-open][open]"))
      .map(function (box) { return box.id; });
  });
  document.addEventListener("htmx:afterSettle", function () {
    keptOpen.forEach(function (id) {
      const box = document.getElementById(id);
      if (box) box.open = true;
    });
    keptOpen = [];
  });
  document.addEventListener("DOMContentLoaded", restorePane);

  document.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    if ((xhr.status === 409 || xhr.status === 422) &&
        xhr.responseText.indexOf('id="editor"') >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
