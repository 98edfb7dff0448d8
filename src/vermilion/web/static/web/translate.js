// "Translate" / "Show original" for notes, comments and messages written in another language.
// The translation is fetched from the API (200 at once when cached, else 202: ask again after
// Retry-After) and shown in place; the original nodes are kept and put back untouched. When the
// service is unavailable the button says so and the page goes on working.
import { h, lang, t } from "./dom.js";

const reader = lang.startsWith("zh") ? "zh" : "en";
const auto = document.body.dataset.autoTranslate === "true";
const MAX_POLLS = 40;

export function needsTranslation(language) {
  return Boolean(language) && language !== reader;
}

async function fetchTranslation(url) {
  for (let poll = 0; poll < MAX_POLLS; poll += 1) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const payload = await response.json().catch(() => null);
    if (response.status === 200 && payload) return payload;
    if (response.status !== 202) throw new Error(payload?.error?.message || t("translation_failed"));
    const wait = Number(response.headers.get("Retry-After")) || payload?.retry_after || 2;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
  throw new Error(t("translation_slow"));
}

// fields: [[element, key]]: each element's content is replaced by the translation's `key`.
export function translateAction(path, fields) {
  const url = `${path}?target=${reader}`;
  const button = h("button", { type: "button", class: "link small translate-button" }, t("translate"));
  const status = h("span", { class: "muted small translate-status", "aria-live": "polite" });
  const originals = fields.map(([el]) => [...el.childNodes]);
  let translation = null;
  let showing = false;
  let busy = false;
  async function toggle() {
    if (busy) return;
    if (showing) {
      fields.forEach(([el], i) => { el.replaceChildren(...originals[i]); el.classList.remove("translated"); });
      showing = false;
      button.textContent = t("translate");
      status.textContent = "";
      return;
    }
    busy = true;
    button.disabled = true;
    status.textContent = t("translating");
    try {
      translation = translation || await fetchTranslation(url);
      fields.forEach(([el, key]) => {
        el.replaceChildren(document.createTextNode(translation[key] ?? ""));
        el.classList.add("translated");
      });
      showing = true;
      button.textContent = t("show_original");
      status.textContent = translation.quality === "ok" ? t("translated_by_machine") : t("translated_partially");
    } catch (error) {
      status.textContent = error.message;
    } finally {
      busy = false;
      button.disabled = false;
    }
  }
  button.addEventListener("click", toggle);
  if (auto) setTimeout(toggle, 0);
  return h("span", { class: "translate-action" }, button, " ", status);
}
