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
    document.getElementById(id)?.submit();
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

// Board cards are dragged with the browser's own drag and drop; Firefox starts a drag only when the drag carries data.
document.addEventListener("dragstart", (e) => {
  const card = e.target instanceof Element ? e.target.querySelector(":scope > [data-testid=issue-card]") : null;
  if (!card || !e.dataTransfer) return;
  e.dataTransfer.setData("text/plain", card.dataset.key);
  e.dataTransfer.effectAllowed = "move";
});
