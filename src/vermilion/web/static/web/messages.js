// The messages page: conversation list (inbox and requests) and one thread with a composer.
// New messages and typing arrive through live.js; everything also works by reloading.
// On a phone the list and the thread are two screens (data-view on the root, messages.css).
import { api } from "./api.js";
import { avatar, h, me, onTap, toast, when } from "./dom.js";
import { onEvent, send as sendLive } from "./live.js";
import { needsTranslation, translateAction } from "./translate.js";

const strings = JSON.parse(document.getElementById("messaging-i18n")?.textContent || "{}");
const uploadRules = JSON.parse(document.getElementById("upload-rules")?.textContent || "null");
const t = (key, vars = {}) => Object.entries(vars).reduce((text, [k, v]) => text.replace(`%(${k})s`, v), strings[key] || key);
const phone = window.matchMedia("(max-width: 640px)");

export function initMessages(root) {
  const state = { box: root.dataset.box || "inbox", current: null, ids: new Set(), typingTimer: null, lastTyping: 0,
    share: root.dataset.share || null, opening: 0 };
  const list = root.querySelector("[data-conversations]");
  const thread = root.querySelector("[data-thread]");
  const bubbles = thread.querySelector("[data-bubbles]");
  const composer = thread.querySelector("[data-composer]");
  const textarea = composer.querySelector("textarea");
  const sendButton = composer.querySelector("[data-send]");
  const typing = thread.querySelector("[data-typing]");
  const requestBar = thread.querySelector("[data-request-bar]");
  const noThread = root.querySelector("[data-no-thread]");

  function setView(view) { root.dataset.view = view; }

  // The thread fills what the phone shows, so the message box stays above the on-screen keyboard.
  function fitViewport() {
    const viewport = window.visualViewport;
    if (!viewport) return;
    root.style.setProperty("--vv-height", `${Math.round(viewport.height)}px`);
    root.style.setProperty("--vv-top", `${Math.round(viewport.offsetTop)}px`);
  }
  window.visualViewport?.addEventListener("resize", fitViewport);
  window.visualViewport?.addEventListener("scroll", fitViewport);
  fitViewport();

  function showBox(box) {
    state.box = box;
    for (const tab of root.querySelectorAll("nav [data-box]")) {
      tab.setAttribute("aria-current", tab.dataset.box === state.box ? "page" : "false");
    }
  }

  async function loadList() {
    const box = state.box;
    const page = await api(`/api/v1/conversations?box=${box}`);
    if (box !== state.box) return; // another tab was chosen meanwhile: its answer is the one to show
    showBox(box);
    const badge = root.querySelector("[data-requests-count]");
    badge.hidden = !page.unread.requests; badge.textContent = String(page.unread.requests);
    if (!page.items.length) list.replaceChildren(h("li", { class: "muted empty" }, t(box === "requests" ? "no_requests" : "no_conversations")));
    else list.replaceChildren(...page.items.map(row));
  }

  function row(c) {
    const preview = c.last_message ? (c.last_message.mine ? `${t("you")}: ` : "") + c.last_message.preview : "";
    return h("li", { class: `conversation${c.unread ? " unread" : ""}${state.current?.id === c.id ? " current" : ""}`, "data-id": c.id },
      h("a", { href: `/messages/${c.id}`, onclick: (e) => { e.preventDefault(); open(c.id, true).catch((err) => toast(err.message)); } },
        avatar(c.other),
        h("span", { class: "who" }, h("strong", {}, c.other.display_name), c.muted ? h("small", { class: "muted" }, ` 🔕`) : null,
          h("small", { class: "preview muted" }, preview)),
        h("small", { class: "when muted" }, when(c.last_message_at)),
        c.unread ? h("span", { class: "badge" }, String(c.unread)) : null));
  }

  function bubble(m) {
    const body = [];
    if (m.media?.urls?.card || m.media?.urls?.thumb) body.push(h("img", { src: m.media.urls.card || m.media.urls.thumb, alt: m.media.alt_text || t("photo"), class: "photo" }));
    if (m.note) {
      body.push(m.note.unavailable ? h("p", { class: "note-share muted" }, t("note_unavailable"))
        : h("a", { class: "note-share", href: `/n/${m.note.id}` },
          m.note.cover?.urls?.thumb ? h("img", { src: m.note.cover.urls.thumb, alt: "", width: 56, height: 56 }) : null,
          h("span", {}, h("strong", {}, m.note.title), h("small", { class: "muted" }, ` @${m.note.author.username}`))));
    }
    if (m.body) {
      const text = h("p", { class: "text" }, m.body);
      body.push(text);
      if (!m.mine && !m.pending && needsTranslation(m.language)) {
        body.push(translateAction(`/api/v1/messages/${m.id}/translation`, [[text, "body"]]));
      }
    }
    const li = h("li", { class: `bubble${m.mine ? " mine" : ""}${m.pending ? " pending" : ""}`, "data-id": m.id, "data-seq": m.seq ?? "" },
      m.mine ? null : avatar(m.sender),
      h("div", { class: "content" }, ...body,
        h("small", { class: "meta muted" }, when(m.created_at), " ",
          m.pending ? null : h("button", { type: "button", class: "link hide", onclick: () => hide(m, li) }, t("delete_for_me")))));
    return li;
  }

  function scrollDown() { bubbles.scrollTop = bubbles.scrollHeight; }

  function add(m) {
    if (state.ids.has(m.id)) return;
    const pending = m.client_token && bubbles.querySelector(`[data-token="${CSS.escape(m.client_token)}"]`);
    state.ids.add(m.id);
    const el = bubble(m);
    if (pending) pending.replaceWith(el); else bubbles.append(el);
    markSeen();
    scrollDown();
  }

  // "Read" goes under the last of my messages the other person has read (outside the red bubble).
  function markSeen() {
    const other = state.current?.other_read_seq || 0;
    for (const el of bubbles.querySelectorAll(".bubble.mine")) el.classList.toggle("read", Number(el.dataset.seq) <= other && !!el.dataset.seq);
    const lastMine = [...bubbles.querySelectorAll(".bubble.mine.read")].pop();
    bubbles.querySelector(".read-mark")?.remove();
    if (lastMine) lastMine.append(h("small", { class: "read-mark" }, t("read")));
  }

  async function hide(m, li) {
    if (!confirm(t("confirm_delete"))) return;
    try { await api(`/api/v1/messages/${m.id}`, { method: "DELETE" }); li.remove(); } catch (e) { toast(e.message); }
  }

  async function open(id, push) {
    const ticket = ++state.opening;
    const [conversation, page] = await Promise.all([api(`/api/v1/conversations/${id}`), api(`/api/v1/conversations/${id}/messages?limit=50`)]);
    if (ticket !== state.opening) return; // a later tap opened another conversation
    state.current = conversation;
    state.ids = new Set();
    noThread.hidden = true;
    thread.hidden = false;
    thread.querySelector("[data-thread-menu]").open = false;
    thread.querySelector("[data-other]").replaceChildren(
      h("a", { href: `/u/${conversation.other.username}`, class: "author" }, avatar(conversation.other), h("strong", {}, conversation.other.display_name)));
    requestBar.hidden = conversation.state === "accepted";
    showMuted(conversation.muted);
    bubbles.replaceChildren();
    page.items.reverse().forEach(add);
    if (push) history.pushState({ thread: id }, "", `/messages/${id}`);
    setView("thread");
    for (const el of list.querySelectorAll(".conversation")) el.classList.toggle("current", el.dataset.id === id);
    if (conversation.state === "accepted") await read();
    // On a phone the keyboard would cover half the conversation the moment it opens: wait for a tap.
    if (!phone.matches) textarea.focus();
  }

  function closeThread() {
    state.current = null;
    state.opening += 1;
    thread.hidden = true;
    noThread.hidden = false;
    setView("list");
    for (const el of list.querySelectorAll(".conversation.current")) el.classList.remove("current");
  }

  async function read() {
    if (!state.current || document.hidden) return;
    await api(`/api/v1/conversations/${state.current.id}/read`, { method: "POST" }).catch(() => null);
    list.querySelector(`.conversation[data-id="${state.current.id}"]`)?.classList.remove("unread");
    list.querySelector(`.conversation[data-id="${state.current.id}"] .badge`)?.remove();
  }

  function canSend() { sendButton.disabled = !textarea.value.trim(); }

  // One tap, one message: the text leaves the box before the first await, so a second tap (or
  // Enter) finds nothing to send; retries reuse the token, so a flaky network stores it once.
  async function submit(extra = {}) {
    const body = textarea.value.trim();
    if (!state.current || (!body && !extra.media_id && !extra.note_id)) return false;
    const token = crypto.randomUUID();
    const pending = bubble({ id: `pending-${token}`, mine: true, pending: true, body, created_at: new Date().toISOString() });
    pending.dataset.token = token;
    bubbles.append(pending); scrollDown();
    if (body) textarea.value = "";
    canSend();
    const conversationId = state.current.id;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        add(await api(`/api/v1/conversations/${conversationId}/messages`, { method: "POST", json: { body, client_token: token, ...extra } }));
        loadList().catch(() => null);
        return true;
      } catch (e) {
        if (e.status && e.status < 500) {
          pending.remove();
          if (body && !textarea.value) textarea.value = body;
          canSend();
          toast(e.message);
          return false;
        }
        await new Promise((r) => setTimeout(r, 800 * (attempt + 1)));
      }
    }
    pending.classList.add("failed");
    toast(t("send_failed"));
    return false;
  }

  const muteButton = thread.querySelector("[data-mute-conversation]");
  function showMuted(muted) { muteButton.setAttribute("aria-pressed", String(muted)); muteButton.textContent = t(muted ? "unmute" : "mute"); }
  // Buttons that act (mute, accept, send a note) are off until the server answered: one tap, one action.
  onTap(muteButton, async () => {
    const muted = muteButton.getAttribute("aria-pressed") !== "true";
    showMuted((await api(`/api/v1/conversations/${state.current.id}`, { method: "PATCH", json: { muted } })).muted);
    thread.querySelector("[data-thread-menu]").open = false;
    loadList().catch(() => null);
  });
  root.querySelector("[data-policy]").addEventListener("change", async (e) => {
    try { await api("/api/v1/me/messaging", { method: "PATCH", json: { who_can_message: e.target.value } }); toast(t("saved")); }
    catch (err) { toast(err.message); }
  });
  // A menu closes when the reader taps anywhere else.
  document.addEventListener("click", (e) => {
    for (const menu of root.querySelectorAll("details.menu[open]")) if (!menu.contains(e.target)) menu.open = false;
  });

  composer.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  textarea.addEventListener("input", () => {
    canSend();
    if (state.current && Date.now() - state.lastTyping > 2000) {
      state.lastTyping = Date.now();
      sendLive({ type: "typing", conversation_id: state.current.id });
    }
  });
  const attach = composer.querySelector("[data-attach]");
  attach.addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    const limit = uploadRules?.max_bytes?.image;
    if (limit && file.size > limit) { toast(uploadRules.too_large.image); return; } // refused before a byte is sent
    const form = new FormData(); form.append("file", file);
    toast(t("uploading"));
    attach.disabled = true;
    try { const media = await api("/api/v1/media", { method: "POST", body: form }); await submit({ media_id: media.id }); }
    catch (err) { toast(err.message); }
    finally { attach.disabled = false; }
  });
  for (const name of ["accept", "ignore", "report"]) {
    const button = requestBar.querySelector(`[data-${name}]`);
    onTap(button, async () => {
      if (name === "report" && !confirm(t("confirm_report"))) return;
      const after = await api(`/api/v1/conversations/${state.current.id}/${name}`, { method: "POST" });
      if (after.state === "accepted") {
        // An accepted request is a chat now: the list shows the chats, with this one in it.
        state.current = { ...state.current, ...after };
        requestBar.hidden = true;
        showBox("inbox");
        history.replaceState({ thread: state.current.id }, "", `/messages/${state.current.id}`);
        await read();
      } else {
        closeThread();
        toast(t(name === "report" ? "reported" : "ignored"));
      }
      await loadList();
    });
  }
  for (const tab of root.querySelectorAll("nav [data-box]")) {
    tab.addEventListener("click", (e) => { e.preventDefault(); showBox(tab.dataset.box); loadList().catch((err) => toast(err.message)); });
  }
  thread.querySelector("[data-back]").addEventListener("click", (e) => {
    e.preventDefault();
    if (history.state?.thread) history.back(); // the list is the page we came from
    else { closeThread(); history.pushState({}, "", `/messages${state.box === "requests" ? "?box=requests" : ""}`); }
  });
  if (state.share) {
    const bar = thread.querySelector("[data-share-bar]");
    const button = bar.querySelector("button");
    bar.hidden = false;
    onTap(button, async () => {
      if (!state.share) return;
      if (await submit({ note_id: state.share })) { state.share = null; bar.hidden = true; }
    });
  }

  onEvent((event) => {
    if (event.type === "message") {
      if (state.current?.id === event.conversation_id) { add(event.message); if (!event.message.mine) read(); }
      loadList().catch(() => null);
    } else if (event.type === "typing" && state.current?.id === event.conversation_id) {
      typing.textContent = t("typing", { name: event.user.display_name });
      typing.hidden = false;
      clearTimeout(state.typingTimer);
      state.typingTimer = setTimeout(() => { typing.hidden = true; }, 3500);
    } else if (event.type === "read" && !event.by_me && state.current?.id === event.conversation_id) {
      state.current.other_read_seq = event.seq; markSeen();
    } else if (event.type === "hidden" && state.current?.id === event.conversation_id) {
      bubbles.querySelector(`.bubble[data-id="${event.message_id}"]`)?.remove();
    } else if (event.type === "conversation") loadList().catch(() => null);
  });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) read(); });
  window.addEventListener("popstate", () => {
    const id = location.pathname.split("/")[2];
    if (id) open(id, false).catch(() => null);
    else closeThread();
  });

  loadList().catch((e) => toast(e.message));
  if (root.dataset.conversation) {
    // Opened by its own address: Back (the button) leads to the list, which is this same page.
    open(root.dataset.conversation, false).catch((e) => toast(e.message));
  }
  return me;
}

const root = document.querySelector("[data-messages]");
if (root) initMessages(root);
