// Calls our own JSON API with the session cookie and CSRF token; errors carry the server's message.
// Without a network a call fails at once with a message saying nothing was sent (never a silent loss).
import { t } from "./dom.js";

export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {
  constructor(status, payload) {
    const error = (payload && payload.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "error";
    this.fields = error.fields || {};
  }
}

function unreachable() {
  const offline = navigator.onLine === false;
  return new ApiError(0, { error: { code: offline ? "offline" : "network", message: t(offline ? "offline_action" : "network_failed") } });
}

export async function api(path, { method = "GET", body, json } = {}) {
  if (navigator.onLine === false) throw unreachable();
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, body, headers, credentials: "same-origin" });
  } catch {
    throw unreachable();
  }
  const payload = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}
