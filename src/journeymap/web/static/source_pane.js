// The YAML pane in the browser, on top of the server's lint as you type (progressive
// enhancement: without this script the pane is a plain textarea, still linted by the server).
// 1. Highlighting: the textarea's text is drawn by a Prism-highlighted <pre> under it (the
//    textarea keeps the caret and the selection, its own glyphs are transparent).
// 2. Schema: the draft is read with js-yaml and checked against the map format's JSON Schema
//    (/schema/map.json, in the UI language) a moment after each keystroke; the errors are listed
//    under the pane as "where: what", with ids instead of list positions where items have one.
// Everything is vendored under /static/vendor: nothing is fetched from elsewhere.
import { Validator } from "./vendor/json-schema/validator.js";

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

function show(box, labels, title, items, total) {
  box.replaceChildren();
  const head = document.createElement("p");
  head.className = items.length ? "error schema-title" : "ok schema-clean";
  head.textContent = items.length ? title : labels.schema_clean;
  box.appendChild(head);
  if (!items.length) return;
  const list = document.createElement("ul");
  list.className = "schema-errors";
  items.forEach(([path, text]) => {
    const li = document.createElement("li");
    li.className = "finding error";
    if (path) {
      const code = document.createElement("code");
      code.textContent = path;
      li.append(code, ": ");
    }
    li.append(text);
    list.appendChild(li);
  });
  if (total > items.length) {
    const li = document.createElement("li");
    li.textContent = fill(labels.schema_more, { count: total - items.length });
    list.appendChild(li);
  }
  box.appendChild(list);
}

async function check(area, box, labels) {
  let doc;
  try {
    doc = window.jsyaml.load(area.value, { schema: window.jsyaml.CORE_SCHEMA });
  } catch (error) {
    const line = error.mark ? error.mark.line + 1 : "?";
    const text = fill(labels.schema_yaml, { line: line, message: error.reason || error.message });
    show(box, labels, labels.schema_title, [["", text]], 1);
    return;
  }
  let loaded;
  try {
    loaded = await loadValidator(area.dataset.schemaUrl);
  } catch (error) {
    box.replaceChildren();  // no schema: the server's lint still answers
    return;
  }
  const found = problems(loaded.validator.validate(canonical(doc, loaded.synonyms, null)).errors);
  const items = found.slice(0, SHOWN)
    .map((e) => [where(e.instanceLocation, doc, labels), message(e, labels)]);
  show(box, labels, labels.schema_title, items, found.length);
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
  const box = document.createElement("div");
  box.id = "source-schema";
  box.className = "source-schema";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  wrap.after(box);
  let timer = 0;
  area.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => check(area, box, labels), DELAY_MS);
  });
  check(area, box, labels);
}

// The editor is swapped after each save: the new pane is enhanced again.
document.addEventListener("htmx:afterSettle", enhance);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhance);
} else {
  enhance();
}
