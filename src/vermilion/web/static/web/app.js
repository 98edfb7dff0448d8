// Progressive enhancement for every page. Pages work without it; this only makes them nicer.
import { api } from "./api.js";

for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.submit());
}

for (const input of document.querySelectorAll("input[data-avatar-upload]")) {
  input.addEventListener("change", async () => {
    const form = input.closest("form");
    const status = form.querySelector(".upload-status");
    const file = input.files[0];
    if (!file) return;
    status.textContent = "…";
    const body = new FormData();
    body.append("file", file);
    try {
      const media = await api("/api/v1/media", { method: "POST", body });
      form.querySelector("input[name=avatar_media_id]").value = media.id;
      const preview = form.querySelector(".avatar");
      if (preview && media.urls.thumb) {
        const img = document.createElement("img");
        img.className = "avatar large"; img.alt = ""; img.src = media.urls.thumb;
        preview.replaceWith(img);
      }
      status.textContent = "✓";
    } catch (error) {
      status.textContent = error.message;
    }
  });
}
