// The live connection every signed-in page keeps: badges update as things happen, and the
// messages page hears new messages and typing. Reconnects with backoff and asks for what it
// missed; while the socket is down it polls the same catch-up over HTTP.
import { api } from "./api.js";

let socket = null;
let attempts = 0;
let stopped = false;
let lastId = 0n;
let greeted = false;
const seen = new Set(); // event ids already handled: catch-up overlaps on purpose
const listeners = new Set();

export function onEvent(listener) { listeners.add(listener); return () => listeners.delete(listener); }
export function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function setBadge(el, count) {
  if (!el) return;
  el.hidden = !count;
  el.textContent = count > 99 ? "99+" : String(count || 0);
}

function applyUnread(unread) {
  if (!unread) return;
  if (unread.messages) setBadge(document.querySelector("[data-unread-messages]"), unread.messages.total);
  if (unread.notifications) setBadge(document.querySelector("[data-unread]"), unread.notifications.total);
}

function dispatch(event) {
  if (event.id) {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > 500) seen.delete(seen.values().next().value);
    const id = BigInt(event.id);
    if (id > lastId) lastId = id;
  }
  applyUnread(event.unread);
  for (const listener of listeners) listener(event);
}

async function poll() {
  const page = await api(`/api/v1/events?since=${lastId}`).catch(() => null);
  if (!page) return;
  page.events.forEach(dispatch);
  applyUnread(page.unread);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws`);
  socket.addEventListener("open", () => { attempts = 0; });
  socket.addEventListener("message", (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (event.type === "hello") {
      applyUnread(event.unread);
      if (greeted) send({ type: "resume", since: String(lastId) }); // the page itself loaded the rest
      greeted = true;
      document.body.dataset.live = "on";
    } else if (event.type === "error" && event.retry_after) {
      attempts = Math.max(attempts, Math.ceil(Math.log2(event.retry_after)));
    } else dispatch(event);
  });
  socket.addEventListener("close", (closing) => {
    document.body.dataset.live = "off";
    if (stopped || closing.code === 4401 || closing.code === 4403) return; // signed out or not ours: stop
    // 1 s, 2 s, 4 s … up to a minute, with jitter so a restarted server is not hit all at once.
    const delay = Math.min(60_000, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2);
    attempts += 1;
    setTimeout(() => { poll().finally(connect); }, delay);
  });
}

export function startLive() {
  if (!document.body.dataset.me || !("WebSocket" in window) || socket) return;
  lastId = BigInt(Math.max(0, Date.now() - 1735689600000)) << 22n; // ids are time-ordered (kit/ids.py)
  window.addEventListener("pagehide", () => { stopped = true; socket?.close(); });
  connect();
}
