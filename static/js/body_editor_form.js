// Remembers what the visual editor held right after it opened the stored body, so that the
// server can tell an unchanged save from an edit and name anything the editor could not hold.
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail
  const loaded = textarea.form?.querySelector(`[name="${textarea.name}_as_loaded"]`)
  if (loaded) loaded.value = editor.getHTML()
})
