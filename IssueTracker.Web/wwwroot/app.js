// Small browser helpers for IssueTracker's components; everything else is Blazor.
window.issueTracker = {
  // Remember the light/dark choice for a year; read by the server on the next page load.
  setTheme(value) {
    document.cookie = `it-theme=${value}; path=/; max-age=31536000; samesite=lax`;
  },

  // Single-key shortcuts ("c" = new issue, "/" = search) unless the user is typing somewhere.
  registerShortcuts(dotnet) {
    const handler = (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      const typing = t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
      if (typing || document.querySelector(".mud-dialog-container")) return;
      if (e.key === "c" || e.key === "/") {
        e.preventDefault();
        dotnet.invokeMethodAsync("OnShortcut", e.key);
      }
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
  },

  copy(text) {
    return navigator.clipboard?.writeText(text) ?? Promise.resolve();
  },

  submitForm(id) {
    if (id === "sign-out") window.issueTracker.clearDrafts();
    document.getElementById(id)?.submit();
  },

  // The address bar says what people say (/issues/CUST-42) without a navigation: the page is the same.
  replaceAddress(path) {
    if (location.pathname !== path) history.replaceState(history.state, "", path + location.search + location.hash);
  },

  // Drafts of descriptions and comments, kept in this browser until saved, so a reload or a click elsewhere loses
  // nothing; signing out forgets them all.
  saveDraft(key, text) {
    try {
      if (text) localStorage.setItem("it-draft:" + key, text); else localStorage.removeItem("it-draft:" + key);
    } catch { /* storage full or off: the draft is simply not kept */ }
  },
  loadDraft(key) {
    try { return localStorage.getItem("it-draft:" + key); } catch { return null; }
  },
  clearDrafts() {
    try {
      for (const key of Object.keys(localStorage)) if (key.startsWith("it-draft:")) localStorage.removeItem(key);
    } catch { /* nothing kept */ }
  },

  focus(selector) {
    const el = document.querySelector(selector);
    if (el) el.focus();
  },

  download(fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  },
};

// With the people to mention offered under an editor, Enter picks the first (highlighted) one instead of starting a new
// line: the browser would add the line before the server heard of the key, leaving a dead "@pri" in the text.
document.addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const t = e.target;
  if (!(t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement)) return;
  for (let scope = t.parentElement, depth = 0; scope && depth < 8; scope = scope.parentElement, depth++) {
    const first = scope.querySelector("[data-testid=mention-picker] [role=option]");
    if (!first) continue;
    e.preventDefault();
    first.click();
    return;
  }
}, true);

// Board cards are dragged with the browser's own drag and drop; Firefox starts a drag only when the drag carries data.
document.addEventListener("dragstart", (e) => {
  const card = e.target instanceof Element ? e.target.querySelector(":scope > [data-testid=issue-card]") : null;
  if (!card || !e.dataTransfer) return;
  e.dataTransfer.setData("text/plain", card.dataset.key);
  e.dataTransfer.effectAllowed = "move";
});
