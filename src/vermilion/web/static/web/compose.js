// Compose: upload photos (or one video) with progress, reorder, write with live limits and
// #topic / @mention suggestions, then save a draft or publish. Errors land next to their field.
import { api, csrfToken } from "./api.js";
import { h, me, t, toast } from "./dom.js";
import { attachMentions } from "./mentions.js";

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

// The same rule as the server (kit.text.display_width): wide characters count 2 half-widths.
export function displayWidth(text) {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function uploadFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/media");
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener("load", () => {
      let payload = null;
      try { payload = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload);
      else reject(new Error(payload?.error?.message || t("upload_failed")));
    });
    xhr.addEventListener("error", () => reject(new Error(t("upload_failed"))));
    const body = new FormData();
    body.append("file", file);
    xhr.send(body);
  });
}

// The server's own refusal of a file too large for its kind, said before a byte is sent; null if it fits.
export function tooLarge(file, rules) {
  const kind = file.type.startsWith("video/") ? "video" : "image";
  const limit = rules?.max_bytes?.[kind];
  return limit && file.size > limit ? rules.too_large[kind] : null;
}

export function initCompose(form) {
  const limits = JSON.parse(document.getElementById("compose-limits").textContent);
  const uploadRules = JSON.parse(document.getElementById("upload-rules")?.textContent || "null");
  const editing = JSON.parse(document.getElementById("compose-editing").textContent);
  const list = form.querySelector("[data-uploads]");
  const title = form.querySelector("[data-title]");
  const body = form.querySelector("[data-body]");
  const location_ = form.querySelector("[data-location]");
  const visibility = form.querySelector("[data-visibility]");
  const sponsored = form.querySelector("[data-sponsored]");
  const aiGenerated = form.querySelector("[data-ai-generated]");
  const titleCounter = form.querySelector("[data-title-counter]");
  const bodyCounter = form.querySelector("[data-body-counter]");
  const suggestions = form.querySelector("[data-suggestions]");
  const formError = form.querySelector("[data-form-error]");
  let items = [];
  let dragging = null;

  if (editing) {
    title.value = editing.title; body.value = editing.body; location_.value = editing.location || "";
    visibility.value = editing.visibility;
    sponsored.checked = (editing.labels || []).includes("sponsored");
    aiGenerated.checked = (editing.labels || []).includes("ai_generated");
    items = editing.media.map((m) => ({ id: m.id, kind: m.kind, state: "ready", alt: m.alt_text, preview: m.urls.thumb || m.urls.card }));
  }

  // The cover is the first photo that made it: a refused file is never the cover.
  const kept = () => items.filter((i) => i.state !== "failed");
  function render() {
    const cover = kept()[0];
    list.replaceChildren(...items.map((item, i) => {
      const li = h("li", { class: `upload ${item.state}`, draggable: "true", "data-index": i },
        item.state === "failed" ? h("div", { class: "thumb refused" }, item.name || "!")
          : item.kind === "video" && !item.preview ? h("div", { class: "thumb video" }, "▶")
          : h("img", { src: item.preview, alt: "", class: "thumb" }),
        item === cover && item.kind === "image" ? h("span", { class: "cover-tag" }, t("cover")) : null,
        item.state === "uploading" ? h("progress", { max: 1, value: item.progress || 0, "aria-label": t("uploading") }) : null,
        item.state === "failed" ? h("span", { class: "upload-error", role: "alert" }, item.error) : null,
        item.kind === "image" && item.state === "ready" ? h("input", { class: "alt-text", value: item.alt || "", maxlength: 300,
          placeholder: t("alt_text"), "aria-label": t("alt_text"), onchange: (e) => {
            item.alt = e.target.value;
            api(`/api/v1/media/${item.id}`, { method: "PATCH", json: { alt_text: item.alt } }).catch((error) => toast(error.message));
          } }) : null,
        h("div", { class: "upload-tools" },
          h("button", { type: "button", "aria-label": t("move_left"), disabled: i === 0, onclick: () => move(i, i - 1) }, "←"),
          h("button", { type: "button", "aria-label": t("move_right"), disabled: i === items.length - 1, onclick: () => move(i, i + 1) }, "→"),
          h("button", { type: "button", "aria-label": t("remove"), onclick: () => { items.splice(i, 1); render(); } }, "×")));
      li.addEventListener("dragstart", () => { dragging = i; li.classList.add("dragging"); });
      li.addEventListener("dragend", () => li.classList.remove("dragging"));
      li.addEventListener("dragover", (e) => e.preventDefault());
      li.addEventListener("drop", (e) => { e.preventDefault(); if (dragging !== null) move(dragging, i); dragging = null; });
      return li;
    }));
  }
  function move(from, to) {
    if (to < 0 || to >= items.length) return;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    render();
  }

  function addFiles(event) {
    const files = [...event.target.files];
    event.target.value = "";
    for (const file of files) {
      const kind = file.type.startsWith("video/") ? "video" : "image";
      if (kind === "video" ? kept().length > 0 : kept().some((i) => i.kind === "video")) { toast(t("one_video")); continue; }
      if (kept().length >= limits.max_images) { toast(t("max_photos", { count: limits.max_images })); break; }
      const refusal = tooLarge(file, uploadRules);
      if (refusal) { items.push({ kind, state: "failed", error: refusal, preview: null, name: file.name }); continue; }
      const item = { kind, state: "uploading", progress: 0, name: file.name, preview: kind === "image" ? URL.createObjectURL(file) : null };
      items.push(item);
      uploadFile(file, (p) => { item.progress = p; const bar = list.children[items.indexOf(item)]?.querySelector("progress"); if (bar) bar.value = p; })
        .then((media) => { item.id = media.id; item.state = "ready"; if (media.urls?.thumb) item.preview = media.urls.thumb; render(); })
        .catch((error) => { item.state = "failed"; item.error = error.message; render(); });
    }
    render();
  }
  for (const input of form.querySelectorAll("[data-files], [data-camera]")) input.addEventListener("change", addFiles);

  // The text of a new note survives a reload, a lost connection or a failed publish.
  const draftKey = editing ? null : `vermilion:compose:${me}`;
  if (draftKey && !editing) {
    const saved = JSON.parse(localStorage.getItem(draftKey) || "null");
    if (saved) { title.value = saved.title || ""; body.value = saved.body || ""; location_.value = saved.location || ""; }
    for (const field of [title, body, location_]) field.addEventListener("input", () =>
      localStorage.setItem(draftKey, JSON.stringify({ title: title.value, body: body.value, location: location_.value })));
  }
  // One token per composition: a double click or a retry after a lost answer finds the first note.
  const clientToken = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  let busy = false;

  function fieldError(field, message) {
    const slot = form.querySelector(`[data-error-for="${field}"]`);
    slot.textContent = message || "";
    slot.hidden = !message;
  }
  function counters() {
    const width = displayWidth(title.value);
    titleCounter.textContent = `${Math.ceil(width / 2)}/${limits.title_width / 2}`;
    titleCounter.classList.toggle("over", width > limits.title_width);
    const chars = [...body.value].length;
    bodyCounter.textContent = `${chars}/${limits.body_chars}`;
    bodyCounter.classList.toggle("over", chars > limits.body_chars);
  }
  // Live: an error about a field goes as soon as the field is fixed (or changed), and a title that
  // grows too long says so while it is typed, in the server's words.
  title.addEventListener("input", () => {
    counters();
    const over = displayWidth(title.value) > limits.title_width;
    fieldError("title", over ? t("title_too_long", { cjk: limits.title_width / 2, latin: limits.title_width }) : "");
  });
  body.addEventListener("input", () => { counters(); fieldError("body", ""); });
  location_.addEventListener("input", () => fieldError("location", ""));
  counters();

  async function suggest() {
    const before = body.value.slice(0, body.selectionStart);
    const topic = before.match(/[#＃]([\p{L}\p{N}_]{0,20})$/u);
    let options = [];
    if (topic) {
      const found = await api(`/api/v1/topics?q=${encodeURIComponent(topic[1])}`).catch(() => []);
      options = found.map((tp) => ({ label: `#${tp.name}`, insert: `#${tp.name} `, drop: topic[0].length }));
    }
    suggestions.hidden = !options.length;
    suggestions.replaceChildren(...options.map((o) => h("li", { role: "option" }, h("button", { type: "button", class: "link", onclick: () => {
      const at = body.selectionStart;
      body.value = body.value.slice(0, at - o.drop) + o.insert + body.value.slice(at);
      body.focus();
      body.selectionStart = body.selectionEnd = at - o.drop + o.insert.length;
      suggestions.hidden = true;
      counters();
    } }, o.label))));
  }
  body.addEventListener("input", () => { suggest().catch(() => {}); });
  attachMentions(body);

  // Errors about what was sent; a field changed since (while the answer was on its way) is not
  // blamed for its old value.
  function showErrors(error, sent = {}) {
    form.querySelectorAll("[data-error-for]").forEach((p) => { p.hidden = true; p.textContent = ""; });
    formError.hidden = true;
    const now = { title: title.value, body: body.value, location: location_.value || null };
    let placed = false;
    for (const [field, messages] of Object.entries(error.fields || {})) {
      const slot = form.querySelector(`[data-error-for="${field}"]`);
      if (field in now && field in sent && now[field] !== sent[field]) { placed = true; continue; }
      if (slot) { slot.textContent = messages.join(" "); slot.hidden = false; placed = true; }
    }
    if (!placed) { formError.textContent = error.message; formError.hidden = false; }
  }

  async function submit(draft) {
    if (busy) return;
    if (items.some((i) => i.state === "uploading")) { toast(t("wait_uploads")); return; }
    const payload = {
      title: title.value, body: body.value, location: location_.value || null, visibility: visibility.value,
      media_ids: items.filter((i) => i.state === "ready").map((i) => i.id),
    };
    busy = true;
    form.querySelectorAll("[data-publish], [data-save-draft]").forEach((b) => { b.disabled = true; });
    try {
      let note;
      // Labels are set before publishing, so screening already knows a sponsored note is disclosed.
      const labels = { sponsored: sponsored.checked, ai_generated: aiGenerated.checked };
      const labelled = labels.sponsored || labels.ai_generated;
      const setLabels = (id) => api(`/api/v1/notes/${id}/disclosure`, { method: "PUT", json: labels });
      if (editing) {
        if (labelled || (editing.labels || []).length) await setLabels(editing.id);
        note = await api(`/api/v1/notes/${editing.id}`, { method: "PATCH", json: payload });
        if (!draft && note.status === "draft") note = await api(`/api/v1/notes/${editing.id}/publish`, { method: "POST" });
      } else if (labelled) {
        note = await api("/api/v1/notes", { method: "POST", json: { ...payload, draft: true, client_token: clientToken } });
        await setLabels(note.id);
        if (!draft) note = await api(`/api/v1/notes/${note.id}/publish`, { method: "POST" });
      } else {
        note = await api("/api/v1/notes", { method: "POST", json: { ...payload, draft, client_token: clientToken } });
      }
      if (draftKey) localStorage.removeItem(draftKey);
      toast(draft ? t("saved_draft") : t("published"));
      location.href = draft ? `/compose/${note.id}` : `/n/${note.id}`;
    } catch (error) {
      showErrors(error, payload);
      busy = false;
      form.querySelectorAll("[data-publish], [data-save-draft]").forEach((b) => { b.disabled = false; });
    }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); submit(false); });
  form.querySelector("[data-save-draft]").addEventListener("click", () => submit(true));
  render();
}
