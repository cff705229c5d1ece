// The YAML pane in the browser, on top of the server's lint as you type (progressive
// enhancement: without this script the pane is a plain textarea, still linted by the server).
// 1. Highlighting: the textarea's text is drawn by a Prism-highlighted <pre> under it (the
//    textarea keeps the caret and the selection, its own glyphs are transparent).
// 2. Schema: the draft is read with js-yaml and checked against the map format's JSON Schema
//    (/schema/map.json, in the UI language) a moment after each keystroke; the errors are listed
//    under the pane as "line N: what" (yaml_positions.js finds the line of each error's JSON
//    path), the path after it as a hint (ids instead of list positions where items have one),
//    and their lines are marked in the pane; choosing an error puts the caret on its line.
// Everything is vendored under /static/vendor: nothing is fetched from elsewhere.
import { Validator } from "./vendor/json-schema/validator.js";
import { readWithPositions } from "./yaml_positions.js";

const DELAY_MS = 300;
const SHOWN = 8;
// Keywords that say what is wrong; the others ("properties", "items", "$ref", ...) only say that
// something below them is.
const LEAVES = new Set([
  "type", "enum", "const", "required", "pattern", "format", "minLength", "maxLength",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
  "uniqueItems", "multipleOf", "false",
]);
let schema = null;

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

function loadValidator(url) {
  if (!schema) {
    schema = fetch(url, { credentials: "same-origin" })
      .then((answer) => (answer.ok ? answer.json() : Promise.reject(new Error(answer.statusText))))
      .then((body) => ({
        validator: new Validator(body, "2020-12", false),
        synonyms: body["x-journeymap-synonyms"] || {},
      }));
  }
  return schema;
}

// As journeymap.i18n.synonyms._key: case, ё/е and the separators between words do not matter.
function synonymKey(text) {
  return text.trim().toLowerCase().replace(/ё/g, "е").replace(/[\s_\-]+/g, " ");
}

// Russian words for enumerated values, read as the loader reads them (`severity: критично` is
// `critical`); a short evidence entry (`evidence: [интервью]`) is a source.
function canonical(node, synonyms, field) {
  if (Array.isArray(node)) {
    return node.map((item) => canonical(item, synonyms, field === "evidence" ? "source" : null));
  }
  if (node && typeof node === "object") {
    const out = {};
    for (const [key, value] of Object.entries(node)) out[key] = canonical(value, synonyms, key);
    return out;
  }
  if (typeof node === "string" && field && synonyms[field]) {
    const word = synonyms[field][synonymKey(node)];
    return word === undefined ? node : word;
  }
  return node;
}

function where(location, doc, labels) {
  // "#/stages/2/barriers/0/severity" -> "stages › store-visit › barriers › 1 › severity"
  const parts = location.replace(/^#\/?/, "").split("/").filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (!parts.length) return labels.schema_root;
  let node = doc;
  return parts.map((part) => {
    const item = node !== null && typeof node === "object" ? node[part] : undefined;
    let shown = part;
    if (Array.isArray(node)) {
      shown = item && typeof item === "object" && typeof item.id === "string"
        ? item.id : String(Number(part) + 1);
    }
    node = item;
    return shown;
  }).join(" › ");
}

function quoted(error) {
  const match = /"([^"]+)"/.exec(error.error);
  return match ? match[1] : "";
}

function message(error, labels) {
  switch (error.keyword) {
    case "type": return fill(labels.schema_type, { expected: (/Expected "([^"]+)"/.exec(error.error) || ["", "?"])[1] });
    case "enum": return fill(labels.schema_enum, { values: (/\[(.*)\]/.exec(error.error) || ["", ""])[1].replace(/"/g, "").replace(/,/g, ", ") });
    case "required": return fill(labels.schema_required, { name: quoted(error) });
    case "false": return labels.schema_unknown;
    case "pattern": return labels.schema_pattern;
    case "minLength": case "minItems": return labels.schema_short;
    case "maxLength": case "maxItems": return labels.schema_long;
    case "minimum": case "maximum": case "exclusiveMinimum": case "exclusiveMaximum":
      return labels.schema_range;
    default: return fill(labels.schema_other, { keyword: error.keyword });
  }
}

function problems(errors) {
  // The leaves only; an unknown field ("false") only where nothing more precise was said below.
  const leaves = errors.filter((e) => LEAVES.has(e.keyword) && e.keyword !== "false");
  const unknown = errors.filter((e) => e.keyword === "false" &&
    !leaves.some((l) => l.instanceLocation === e.instanceLocation ||
      l.instanceLocation.startsWith(e.instanceLocation + "/")));
  const seen = new Set();
  return leaves.concat(unknown).filter((e) => {
    const key = e.instanceLocation + " " + e.keyword;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The marks on the pane's lines: one band a line with an error, kept under the text as it scrolls.
function markLines(area, layer, lines) {
  layer.replaceChildren();
  const style = getComputedStyle(area);
  const height = parseFloat(style.lineHeight) || 18;
  const top = parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth);
  for (const [line, text] of lines) {
    const band = document.createElement("div");
    band.className = "source-line-error";
    band.dataset.line = String(line);
    band.title = text;
    band.dataset.top = String(top + (line - 1) * height);
    band.style.height = `${height}px`;
    layer.appendChild(band);
  }
  followScroll(area, layer);
}

function followScroll(area, layer) {
  for (const band of layer.children) {
    band.style.top = `${Number(band.dataset.top) - area.scrollTop}px`;
  }
}

function goTo(area, at) {
  const lines = area.value.split("\n");
  let offset = 0;
  for (let i = 0; i < at.line - 1 && i < lines.length; i += 1) offset += lines[i].length + 1;
  offset += at.column - 1;
  area.focus();
  area.setSelectionRange(offset, offset);
  const height = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (at.line - 3) * height);
}

// items: [{at: {line, column} or null, text, path}]
function show(pane, labels, title, items, total) {
  const { area, box, layer } = pane;
  box.replaceChildren();
  const head = document.createElement("p");
  head.className = items.length ? "error schema-title" : "ok schema-clean";
  head.textContent = items.length ? title : labels.schema_clean;
  box.appendChild(head);
  markLines(area, layer, items.filter((item) => item.at).map((item) => [item.at.line, item.text]));
  if (!items.length) return;
  const list = document.createElement("ul");
  list.className = "schema-errors";
  items.forEach((item) => {
    const li = document.createElement("li");
    li.className = "finding error";
    if (item.at) {
      const jump = document.createElement("button");
      jump.type = "button";
      jump.className = "link schema-line";
      jump.dataset.line = String(item.at.line);
      jump.textContent = fill(labels.schema_line, { line: item.at.line, message: item.text });
      jump.addEventListener("click", () => goTo(area, item.at));
      li.appendChild(jump);
    } else {
      li.append(item.text);
    }
    if (item.path) {
      const code = document.createElement("code");
      code.className = "schema-path";
      code.textContent = item.path;
      li.append(" ", code);
    }
    list.appendChild(li);
  });
  if (total > items.length) {
    const li = document.createElement("li");
    li.textContent = fill(labels.schema_more, { count: total - items.length });
    list.appendChild(li);
  }
  box.appendChild(list);
}

async function check(pane, labels) {
  let read;
  try {
    read = readWithPositions(pane.area.value, window.jsyaml);
  } catch (error) {
    const at = error.mark ? { line: error.mark.line + 1, column: error.mark.column + 1 } : null;
    const text = fill(labels.schema_yaml, { line: at ? at.line : "?", message: error.reason || error.message });
    show(pane, labels, labels.schema_title, [{ at: null, text: text, path: "" }], 1);
    if (at) markLines(pane.area, pane.layer, [[at.line, text]]);
    return;
  }
  let loaded;
  try {
    loaded = await loadValidator(pane.area.dataset.schemaUrl);
  } catch (error) {
    pane.box.replaceChildren();  // no schema: the server's lint still answers
    return;
  }
  const found = problems(loaded.validator.validate(canonical(read.doc, loaded.synonyms, null)).errors);
  const items = found.slice(0, SHOWN).map((e) => ({
    at: read.locate(e.instanceLocation),
    text: message(e, labels),
    path: where(e.instanceLocation, read.doc, labels),
  }));
  show(pane, labels, labels.schema_title, items, found.length);
}

function enhance() {
  const area = document.getElementById("source-text");
  if (!area || area.dataset.enhanced) return;
  area.dataset.enhanced = "1";
  const wrap = document.createElement("div");
  wrap.className = "source-code";
  const pre = document.createElement("pre");
  pre.className = "source-highlight";
  pre.setAttribute("aria-hidden", "true");
  pre.tabIndex = -1;  // it scrolls with the textarea, which alone takes the focus
  const code = document.createElement("code");
  code.className = "language-yaml";
  pre.appendChild(code);
  area.parentNode.insertBefore(wrap, area);
  wrap.append(pre, area);
  area.classList.add("highlighted");
  function paint() {
    code.textContent = area.value + "\n";  // the newline keeps a last empty line's height
    if (window.Prism) window.Prism.highlightElement(code);
    pre.scrollTop = area.scrollTop;
    pre.scrollLeft = area.scrollLeft;
  }
  area.addEventListener("input", paint);
  area.addEventListener("scroll", () => {
    pre.scrollTop = area.scrollTop;
    pre.scrollLeft = area.scrollLeft;
  });
  paint();
  if (area.readOnly || !window.jsyaml || !area.dataset.schemaUrl) return;
  const labels = JSON.parse(area.dataset.labels || "{}");
  const layer = document.createElement("div");
  layer.className = "source-marks";
  layer.setAttribute("aria-hidden", "true");
  pre.after(layer);  // over the highlighted text, under the textarea
  area.addEventListener("scroll", () => followScroll(area, layer));
  const box = document.createElement("div");
  box.id = "source-schema";
  box.className = "source-schema";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  wrap.after(box);
  const pane = { area, box, layer };
  let timer = 0;
  area.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => check(pane, labels), DELAY_MS);
  });
  check(pane, labels);
}

// The editor is swapped after each save: the new pane is enhanced again.
document.addEventListener("htmx:afterSettle", enhance);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhance);
} else {
  enhance();
}
