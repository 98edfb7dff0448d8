// Entry point for every page: wires the page's parts by data attributes. Pages are usable without
// it where they can be (forms, a note's page), and richer with it. What only some pages need (the
// note view, the compose form) is loaded when a page needs it, so the feed starts sooner.
import { api, csrfToken } from "./api.js";
import { pullToRefresh, Waterfall } from "./cards.js";
import { h, t, toast } from "./dom.js";
import { startLive } from "./live.js";
import { initSearchBox } from "./search.js";
import { initNotifications, initPeople, initRelation, refreshUnread } from "./social.js";

for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

for (const input of document.querySelectorAll("input[data-avatar-upload]")) {
  input.addEventListener("change", async () => {
    const form = input.closest("form");
    const status = form.querySelector(".upload-status");
    const file = input.files[0];
    if (!file) return;
    status.textContent = t("uploading");
    const body = new FormData();
    body.append("file", file);
    try {
      const media = await api("/api/v1/media", { method: "POST", body });
      form.querySelector("input[name=avatar_media_id]").value = media.id;
      const preview = form.querySelector(".avatar");
      if (preview && media.urls.thumb) preview.replaceWith(h("img", { class: "avatar large", alt: "", src: media.urls.thumb }));
      status.textContent = "✓";
    } catch (error) {
      status.textContent = error.message;
    }
  });
}

const emptyTexts = { following: "empty_following", nearby: "empty_nearby", search: "no_results" };
for (const root of document.querySelectorAll("[data-waterfall]")) {
  const firstEl = document.getElementById("first-page");
  const first = firstEl ? JSON.parse(firstEl.textContent) : null;
  const waterfall = new Waterfall(root, { source: root.dataset.source, first, feedback: root.dataset.feedback === "1",
    emptyText: t(emptyTexts[root.dataset.kind] || "empty_feed") });
  if (document.body.dataset.page === "feed") pullToRefresh(() => waterfall.refresh());
}

// How long a signed-in reader stays on a note is a quiet signal for their next feed pages.
function dwellTracker(noteId) {
  const started = Date.now();
  let sent = false;
  return () => {
    const seconds = Math.round((Date.now() - started) / 1000);
    if (sent || !document.body.dataset.me || seconds < 1) return;
    sent = true;
    fetch("/api/v1/feed/dwell", { method: "POST", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ note_id: noteId, seconds: Math.min(seconds, 3600) }) }).catch(() => {});
  };
}

const noteData = document.getElementById("note-data");
if (noteData) {
  const note = JSON.parse(noteData.textContent);
  const root = document.querySelector("[data-note-root]");
  // The server's note is painted first; the interactive one replaces it in the frame after.
  const painted = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  Promise.all([import("./note.js"), painted]).then(([{ renderNote }]) => {
    root.replaceChildren(renderNote(note, root));
  }).catch((error) => toast(error.message)); // the server's note stays readable
  window.addEventListener("pagehide", dwellTracker(note.id));
}

const searchBox = document.querySelector("[data-searchbox]");
if (searchBox) initSearchBox(searchBox);

const composeForm = document.querySelector("[data-compose]");
if (composeForm) import("./compose.js").then(({ initCompose }) => initCompose(composeForm)).catch((e) => toast(e.message));

const relation = document.querySelector("[data-relation]");
if (relation) initRelation(relation);
for (const list of document.querySelectorAll("[data-people]")) initPeople(list);
const notifications = document.querySelector("[data-notifications]");
if (notifications) initNotifications(notifications).catch((e) => toast(e.message));
else if (document.body.dataset.me) refreshUnread();
startLive(); // live badges (and messages on the messages page); no-op when signed out

// The tab bar's badges show what the top bar's show (live.js and social.js keep those up to date).
for (const mirror of document.querySelectorAll("[data-mirror]")) {
  const source = document.querySelector(`[data-${mirror.dataset.mirror}]`);
  if (!source) continue;
  const copy = () => { mirror.hidden = source.hidden; mirror.textContent = source.textContent; };
  new MutationObserver(copy).observe(source, { attributes: true, childList: true, characterData: true, subtree: true });
  copy();
}

// Offline: say so at once, and again when the connection is back (api.js refuses to send meanwhile).
let offlineBanner = null;
function showConnection() {
  if (navigator.onLine) {
    if (offlineBanner) { offlineBanner.remove(); offlineBanner = null; toast(t("back_online")); }
    return;
  }
  offlineBanner ??= h("p", { class: "offline-banner", role: "status", "data-offline-banner": "" }, t("offline_banner"));
  document.body.append(offlineBanner);
}
addEventListener("online", showConnection);
addEventListener("offline", showConnection);
if (!navigator.onLine) showConnection();

// The installable app's worker (web/pwa.py): the shell opens offline and pages say they cannot load.
if ("serviceWorker" in navigator && window.isSecureContext) {
  addEventListener("load", () => { navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {}); });
}

// On wide screens a note opens over the waterfall; the URL follows, and Back closes it.
let overlay = null;
let opener = null;
let overlayDwell = null;
function closeOverlay() {
  if (!overlay) return;
  overlayDwell?.();
  overlayDwell = null;
  overlay.close();
  overlay.remove();
  overlay = null;
  opener?.focus(); // keyboard users continue where they were in the waterfall
}
async function openOverlay(noteId, push = true) {
  const [note, { renderNote }] = await Promise.all([api(`/api/v1/notes/${noteId}`), import("./note.js")]);
  closeOverlay();
  overlay = h("dialog", { class: "note-overlay", "aria-label": note.title },
    h("button", { type: "button", class: "close", "aria-label": t("close"), onclick: () => history.back() }, "×"),
    renderNote(note));
  overlay.addEventListener("cancel", (e) => { e.preventDefault(); history.back(); });
  overlay.addEventListener("click", (e) => { if (e.target === overlay) history.back(); });
  document.body.append(overlay);
  overlay.showModal();
  overlayDwell = dwellTracker(note.id);
  if (push) history.pushState({ overlay: noteId }, "", `/n/${noteId}`);
}
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-open-note]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey || window.innerWidth < 900) return;
  event.preventDefault();
  opener = link;
  openOverlay(link.dataset.openNote).catch(() => { location.href = link.href; });
});
window.addEventListener("popstate", (event) => {
  if (event.state?.overlay) openOverlay(event.state.overlay, false).catch(() => {});
  else closeOverlay();
});
