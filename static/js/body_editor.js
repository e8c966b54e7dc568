// The story body's own editor extensions (Tiptap, through django-prose-editor's import map).
// articles/body_schema.py declares which extensions the editor loads and the HTML each one is
// stored as; every extension that schema marks as ours is exported here (a test checks it).
// Pictures are stored as references to the image library (data-image="id"): the editor shows
// a thumbnail, the public page renders renditions.
import {
  Blockquote as BaseBlockquote,
  Extension,
  Mark,
  Node,
  Plugin,
  Table as BaseTable,
  TableHeader as BaseTableHeader,
  TableRow as BaseTableRow,
  gettext,
  updateAttrsDialog,
} from "django-prose-editor/editor"

const PICTURES_URL = "/admin/articles/image/"
const ARTICLES_URL = "/admin/articles/article/"
const FIGURE_SIZES = ["column", "wide", "full"]

// ---- Marks -------------------------------------------------------------------------------

// Priority 60: Tiptap's Strike also reads <del>, and Code reads <kbd>; ours keep their meaning.
const simpleMark = (name, tag, extra = {}) =>
  Mark.create({
    name,
    parseHTML: () => [{ tag, priority: 60 }],
    renderHTML: ({ HTMLAttributes }) => [tag, HTMLAttributes, 0],
    ...extra,
  })

export const Deleted = simpleMark("deleted", "del")
export const Inserted = simpleMark("inserted", "ins")
export const Marked = simpleMark("marked", "mark")
export const InlineQuote = simpleMark("inlineQuote", "q")
export const Citation = simpleMark("citation", "cite")
export const Keyboard = simpleMark("keyboard", "kbd")
export const Abbreviation = simpleMark("abbreviation", "abbr", {
  addAttributes: () => ({
    title: { default: null, parseHTML: (el) => el.getAttribute("title") },
  }),
})

// ---- Text blocks -------------------------------------------------------------------------

export const DefinitionList = Node.create({
  name: "definitionList",
  group: "block",
  content: "(definitionTerm | definitionDescription)+",
  parseHTML: () => [{ tag: "dl" }],
  renderHTML: () => ["dl", 0],
  addExtensions: () => [DefinitionTerm, DefinitionDescription],
})
const DefinitionTerm = Node.create({
  name: "definitionTerm",
  content: "inline*",
  defining: true,
  parseHTML: () => [{ tag: "dt" }],
  renderHTML: () => ["dt", 0],
})
const DefinitionDescription = Node.create({
  name: "definitionDescription",
  content: "inline*",
  defining: true,
  parseHTML: () => [{ tag: "dd" }],
  renderHTML: () => ["dd", 0],
})

// The citation line under a quote or a pull quote: <blockquote>…<cite>Name</cite></blockquote>.
export const QuoteCitation = Node.create({
  name: "quoteCitation",
  group: "quoteCitation",
  content: "inline*",
  defining: true,
  parseHTML: () => [
    { tag: "blockquote > cite", priority: 70 },
    { tag: "aside > cite", priority: 70 },
  ],
  renderHTML: () => ["cite", 0],
})

export const Blockquote = BaseBlockquote.extend({ content: "block+ quoteCitation?" })

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "paragraph+ quoteCitation?",
  defining: true,
  parseHTML: () => [{ tag: "aside.pull-quote" }],
  renderHTML: () => ["aside", { class: "pull-quote" }, 0],
})

// Preformatted text keeps its marks: code (<pre><code>), verse (<pre class="verse">) or plain.
export const Preformatted = Node.create({
  name: "preformatted",
  group: "block",
  content: "inline*",
  marks: "_",
  whitespace: "pre",
  defining: true,
  addAttributes: () => ({ kind: { default: "code" } }),
  parseHTML: () => [
    {
      tag: "pre",
      preserveWhitespace: "full",
      getAttrs: (el) => {
        const only = el.children.length === 1 && el.firstElementChild.tagName === "CODE"
        const code = only && !el.firstChild.textContent.trim() ? true : only
        if (code) return { kind: "code" }
        return { kind: el.classList.contains("verse") ? "verse" : "plain" }
      },
      contentElement: (el) =>
        el.children.length === 1 && el.firstElementChild.tagName === "CODE" ? el.firstElementChild : el,
    },
  ],
  renderHTML: ({ node }) => {
    if (node.attrs.kind === "code") return ["pre", ["code", 0]]
    if (node.attrs.kind === "verse") return ["pre", { class: "verse" }, 0]
    return ["pre", 0]
  },
})

export const Details = Node.create({
  name: "details",
  group: "block",
  content: "detailsSummary block+",
  defining: true,
  addAttributes: () => ({
    open: { default: false, parseHTML: (el) => el.hasAttribute("open"), renderHTML: (a) => (a.open ? { open: "" } : {}) },
  }),
  parseHTML: () => [{ tag: "details" }],
  renderHTML: ({ HTMLAttributes }) => ["details", HTMLAttributes, 0],
  // Shown unfolded while editing: a closed <details> would hide its text from the writer.
  addNodeView: () => () => {
    const dom = document.createElement("div")
    dom.className = "body-details"
    return { dom, contentDOM: dom }
  },
  addExtensions: () => [DetailsSummary],
})
const DetailsSummary = Node.create({
  name: "detailsSummary",
  content: "inline*",
  defining: true,
  parseHTML: () => [{ tag: "summary" }],
  renderHTML: () => ["summary", 0],
  addNodeView: () => () => {
    const dom = document.createElement("div")
    dom.className = "body-details__summary"
    return { dom, contentDOM: dom }
  },
})

// ---- Tables: caption and head / body / foot rows -------------------------------------------

export const Table = BaseTable.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      caption: {
        default: "",
        parseHTML: (el) => (el.querySelector(":scope > caption")?.textContent || "").replace(/\s+/g, " ").trim(),
        renderHTML: () => ({}),
      },
    }
  },
  // The caption is the table's attribute: its text must not become a row.
  parseHTML: () => [
    {
      tag: "table",
      contentElement: (el) => {
        const rows = el.cloneNode(true)
        rows.querySelector(":scope > caption")?.remove()
        return rows
      },
    },
  ],
  renderHTML({ node, HTMLAttributes }) {
    const caption = node.attrs.caption ? [["caption", node.attrs.caption]] : []
    return ["table", HTMLAttributes, ...caption, ["tbody", 0]]
  },
})
export const TableRow = BaseTableRow.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      section: {
        default: null,
        parseHTML: (el) => el.dataset.section || { THEAD: "head", TFOOT: "foot" }[el.parentElement?.tagName] || null,
        renderHTML: (attrs) => (attrs.section ? { "data-section": attrs.section } : {}),
      },
    }
  },
})
export const TableHeader = BaseTableHeader.extend({
  addAttributes() {
    return { ...this.parent?.(), scope: { default: null, parseHTML: (el) => el.getAttribute("scope") } }
  },
})
// Sections and captions are edited through the table's own dialog (BodyChooser's "Table" item).
export const TableSections = Extension.create({ name: "tableSections" })

// ---- The newsroom's nodes: atoms in the editor, expanded for readers ------------------------

const pictureCache = new Map()
let pendingIds = new Set()
let pendingTimer = null

// Thumbnails and library text for pictures, fetched in one request per editor load.
function pictureInfo(id) {
  if (pictureCache.has(id)) return pictureCache.get(id)
  let resolveInfo
  const promise = new Promise((resolve) => {
    resolveInfo = resolve
  })
  promise.resolve = resolveInfo
  pictureCache.set(id, promise)
  pendingIds.add(id)
  clearTimeout(pendingTimer)
  pendingTimer = setTimeout(() => {
    const ids = [...pendingIds]
    pendingIds = new Set()
    fetch(`${PICTURES_URL}body-pictures/?ids=${ids.join(",")}`, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { pictures: {} }))
      .catch(() => ({ pictures: {} }))
      .then(({ pictures }) => {
        for (const pictureId of ids) pictureCache.get(pictureId).resolve(pictures[pictureId] || null)
      })
  }, 0)
  return promise
}

function thumbnail(id, alt) {
  const img = document.createElement("img")
  img.alt = alt || ""
  img.className = "body-node__thumbnail"
  pictureInfo(String(id)).then((info) => {
    if (info) img.src = info.thumbnail
    else img.replaceWith(Object.assign(document.createElement("span"), { textContent: gettext("Picture not found") }))
  })
  return img
}

// A chooser: the image library's list in a pop-up (search, and "Add image" to upload).
let chooserCount = 0
function choosePicture() {
  return new Promise((resolve) => {
    const name = `body_picture_${++chooserCount}`
    const lookup = window.dismissRelatedLookupPopup
    const added = window.dismissAddRelatedObjectPopup
    const finish = (win, id) => {
      window.dismissRelatedLookupPopup = lookup
      window.dismissAddRelatedObjectPopup = added
      win.close()
      pictureInfo(String(id)).then(resolve)
    }
    window.dismissRelatedLookupPopup = (win, id) => (win.name === name ? finish(win, id) : lookup?.(win, id))
    window.dismissAddRelatedObjectPopup = (win, id, repr) =>
      win.name === name ? finish(win, id) : added?.(win, id, repr)
    window.open(`${PICTURES_URL}?_popup=1&_to_field=id`, name, "width=900,height=700,resizable=yes,scrollbars=yes")
  })
}

const figureFields = {
  caption: { type: "string", title: gettext("Caption"), format: "textarea" },
  credit: { type: "string", title: gettext("Credit") },
  alt: { type: "string", title: gettext("Alternative text (what the picture shows)") },
  size: { type: "string", title: gettext("Size"), enum: FIGURE_SIZES },
}

function figureAttrs(el) {
  return {
    image: el.dataset.image || null,
    source: el.dataset.source || null,
    size: el.dataset.size || "column",
    alt: el.dataset.alt || "",
    credit: el.dataset.credit || "",
    caption: (el.querySelector("figcaption")?.textContent || "").replace(/\s+/g, " ").trim(),
  }
}

function figureSpec(attrs) {
  const dataset = {}
  if (attrs.image) dataset["data-image"] = attrs.image
  if (attrs.source) dataset["data-source"] = attrs.source
  dataset["data-size"] = attrs.size || "column"
  if (attrs.alt) dataset["data-alt"] = attrs.alt
  if (attrs.credit) dataset["data-credit"] = attrs.credit
  return ["figure", dataset, ...(attrs.caption ? [["figcaption", attrs.caption]] : [])]
}

function atomView(className, fill) {
  return ({ node, editor, getPos }) => {
    const dom = document.createElement("div")
    dom.className = `body-node ${className}`
    dom.contentEditable = "false"
    const draw = (current) => {
      dom.replaceChildren()
      fill(dom, current.attrs, () => editor.chain().setNodeSelection(getPos()).run())
    }
    draw(node)
    return {
      dom,
      update: (updated) => {
        if (updated.type !== node.type) return false
        node = updated
        draw(updated)
        return true
      },
    }
  }
}

const text = (tag, value, className = "") => Object.assign(document.createElement(tag), { textContent: value, className })

export const BodyFigure = Node.create({
  name: "bodyFigure",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({
    image: { default: null },
    source: { default: null },
    size: { default: "column" },
    alt: { default: "" },
    credit: { default: "" },
    caption: { default: "" },
  }),
  parseHTML: () => [
    { tag: "figure[data-image]", priority: 60, getAttrs: figureAttrs },
    { tag: "figure[data-source]", priority: 60, getAttrs: figureAttrs },
  ],
  renderHTML: ({ node }) => figureSpec(node.attrs),
  addNodeView: () =>
    atomView("body-figure", (dom, attrs) => {
      dom.dataset.size = attrs.size
      if (attrs.image) dom.append(thumbnail(attrs.image, attrs.alt))
      else dom.append(text("p", `${gettext("Picture not in the library")}: ${attrs.source || ""}`, "body-node__warning"))
      dom.append(text("p", attrs.caption || gettext("(no caption)"), "body-node__caption"))
      dom.append(text("p", [attrs.credit, `${gettext("Size")}: ${attrs.size}`].filter(Boolean).join(" · "), "body-node__meta"))
    }),
})

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => ({ columns: { default: 3 }, items: { default: [] } }),
  parseHTML: () => [
    {
      tag: "div.gallery",
      getAttrs: (el) => ({
        columns: Number.parseInt(el.dataset.columns || "3", 10),
        items: [...el.querySelectorAll(":scope > figure[data-image]")].map(figureAttrs),
      }),
    },
  ],
  renderHTML: ({ node }) => [
    "div",
    { class: "gallery", "data-columns": String(node.attrs.columns) },
    ...node.attrs.items.map(figureSpec),
  ],
  addNodeView: () =>
    atomView("body-gallery", (dom, attrs) => {
      dom.append(text("p", `${gettext("Gallery")} · ${attrs.items.length} · ${attrs.columns} ${gettext("columns")}`, "body-node__meta"))
      const grid = document.createElement("div")
      grid.className = "body-gallery__grid"
      grid.style.setProperty("--columns", attrs.columns)
      for (const item of attrs.items) grid.append(thumbnail(item.image, item.alt))
      dom.append(grid)
    }),
})

const mediaNode = (name, tag) =>
  Node.create({
    name,
    group: "block",
    atom: true,
    draggable: true,
    addAttributes: () => ({ src: { default: null }, ...(tag === "video" ? { poster: { default: null } } : {}) }),
    parseHTML: () => [
      {
        tag,
        getAttrs: (el) => {
          const src = el.getAttribute("src") || el.querySelector("source[src]")?.getAttribute("src")
          return src ? { src, poster: el.getAttribute("poster") } : false
        },
      },
    ],
    renderHTML: ({ node }) => [tag, { controls: "", src: node.attrs.src, ...(node.attrs.poster ? { poster: node.attrs.poster } : {}) }],
    addNodeView: () =>
      atomView(`body-${tag}`, (dom, attrs) => {
        const player = document.createElement(tag)
        player.controls = true
        player.preload = "none"
        player.src = attrs.src
        dom.append(player)
      }),
  })

export const Audio = mediaNode("audio", "audio")
export const Video = mediaNode("video", "video")

const linkBlock = (name, className, label) =>
  Node.create({
    name,
    group: "block",
    atom: true,
    draggable: true,
    addAttributes: () => ({ href: { default: "" }, label: { default: "" } }),
    parseHTML: () => [
      {
        tag: `p.${className}`,
        priority: 60,
        getAttrs: (el) => {
          const link = el.querySelector("a[href]")
          return link ? { href: link.getAttribute("href"), label: link.textContent.trim() } : false
        },
      },
    ],
    renderHTML: ({ node }) => [
      "p",
      { class: className },
      ["a", { href: node.attrs.href, ...(className === "download" ? { download: "" } : {}) }, node.attrs.label],
    ],
    addNodeView: () =>
      atomView(`body-${className}`, (dom, attrs) => {
        dom.append(text("span", label, "body-node__meta"), text("strong", attrs.label), text("span", attrs.href, "body-node__meta"))
      }),
  })

export const Download = linkBlock("download", "download", gettext("Download"))
export const Button = linkBlock("button", "button", gettext("Button"))

export const PageBreak = Node.create({
  name: "pageBreak",
  group: "block",
  atom: true,
  parseHTML: () => [{ tag: "hr.page-break", priority: 60 }],
  renderHTML: () => ["hr", { class: "page-break" }],
  addNodeView: () => atomView("body-page-break", (dom) => dom.append(text("span", gettext("Page break")))),
})

// An embedded post or video and its archival card (fetched once by the server: embed-card/).
const EMBED_CARD = ["url", "provider", "title", "author", "author-url", "text", "date", "thumbnail", "player"]
const camel = (name) => name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase())

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes: () => Object.fromEntries(EMBED_CARD.map((name) => [camel(name), { default: "" }])),
  parseHTML: () => [
    {
      tag: "figure.embed[data-url]",
      priority: 70,
      getAttrs: (el) => Object.fromEntries(EMBED_CARD.map((name) => [camel(name), el.getAttribute(`data-${name}`) || ""])),
    },
  ],
  renderHTML: ({ node }) => {
    const data = { class: "embed" }
    for (const name of EMBED_CARD) if (node.attrs[camel(name)]) data[`data-${name}`] = node.attrs[camel(name)]
    return ["figure", data, ["a", { href: node.attrs.url }, node.attrs.url]]
  },
  addNodeView: () =>
    atomView("body-embed", (dom, attrs) => {
      dom.append(text("span", `${gettext("Embedded")} · ${attrs.provider || "link"}`, "body-node__meta"))
      if (attrs.thumbnail) dom.append(Object.assign(document.createElement("img"), { src: attrs.thumbnail, alt: "", className: "body-node__thumbnail" }))
      if (attrs.title) dom.append(text("p", attrs.title, "body-node__caption"))
      if (attrs.text) dom.append(text("p", attrs.text))
      dom.append(text("p", [attrs.author, attrs.date, attrs.url].filter(Boolean).join(" · "), "body-node__meta"))
    }),
  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // A URL pasted on a line of its own becomes an embed, as in WordPress.
          handlePaste: (view, event) => {
            const pasted = (event.clipboardData?.getData("text/plain") || "").trim()
            const { $from, empty } = view.state.selection
            if (!/^https?:\/\/\S+$/.test(pasted) || !empty || $from.parent.type.name !== "paragraph" || $from.parent.content.size) return false
            fetchCard(pasted).then((card) => editor.chain().focus().insertContent({ type: "embed", attrs: card }).run())
            return true
          },
        },
      }),
    ]
  },
})

async function fetchCard(url) {
  const response = await fetch(`${ARTICLES_URL}embed-card/?url=${encodeURIComponent(url)}`, { credentials: "same-origin" })
  const card = response.ok ? await response.json() : { url, problem: gettext("The card could not be fetched: fill it in by hand.") }
  return Object.fromEntries([...EMBED_CARD.map((name) => [camel(name), card[name.replace("-", "_")] || ""]), ["problem", card.problem || ""]])
}

const embedFields = (problem) => ({
  title: { type: "string", title: gettext("Title"), description: problem },
  text: { type: "string", format: "textarea", title: gettext("The post's text") },
  author: { type: "string", title: gettext("Author") },
  authorUrl: { type: "string", title: gettext("Author's address"), format: "url" },
  date: { type: "string", title: gettext("Date") },
})

async function insertOrEditEmbed(editor) {
  const current = selectedNode(editor, "embed")
  let attrs = current ? { ...current.attrs } : null
  if (!attrs) {
    const asked = await ask(editor, gettext("Embed"), simpleDialogs.embed.fields, {})
    if (!asked?.url.trim()) return
    attrs = await fetchCard(asked.url.trim())
  }
  const { problem, ...card } = attrs
  const answer = await ask(editor, gettext("Embedded post: its card"), embedFields(problem), card)
  if (!answer) return
  const updated = { ...card, ...Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, v.trim()])) }
  if (current) editor.chain().focus().updateAttributes("embed", updated).run()
  else editor.chain().focus().insertContent({ type: "embed", attrs: updated }).run()
}

export const Footnote = Node.create({
  name: "footnote",
  group: "inline",
  inline: true,
  atom: true,
  addAttributes: () => ({ note: { default: "" } }),
  parseHTML: () => [{ tag: "sup[data-footnote]", priority: 60, getAttrs: (el) => ({ note: el.dataset.footnote }) }],
  renderHTML: ({ node }) => ["sup", { "data-footnote": node.attrs.note }],
  addNodeView: () => ({ node }) => {
    const dom = document.createElement("sup")
    dom.className = "body-footnote"
    dom.title = node.attrs.note
    dom.dataset.footnote = node.attrs.note
    return { dom }
  },
})

// ---- The buttons that insert and edit these nodes ------------------------------------------

const selectedNode = (editor, name) => {
  const node = editor.state.selection.node
  return node?.type.name === name ? node : null
}

const ask = (editor, title, fields, values) => updateAttrsDialog(fields, { title, submitText: gettext("OK") })(editor, values)

async function insertOrEditFigure(editor) {
  const current = selectedNode(editor, "bodyFigure")
  let attrs = current ? { ...current.attrs } : null
  if (!attrs) {
    const picture = await choosePicture()
    if (!picture) return
    attrs = { image: String(picture.id), source: null, size: "column", alt: picture.alt, credit: picture.credit, caption: picture.caption }
  }
  const answer = await ask(editor, gettext("Picture"), figureFields, attrs)
  if (!answer) return
  const updated = { ...attrs, ...Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, v.trim()])) }
  if (current) editor.chain().focus().updateAttributes("bodyFigure", updated).run()
  else editor.chain().focus().insertContent({ type: "bodyFigure", attrs: updated }).run()
}

async function insertOrEditGallery(editor) {
  const current = selectedNode(editor, "gallery")
  const items = current ? [...current.attrs.items] : []
  const answer = await ask(
    editor,
    gettext("Gallery"),
    {
      columns: { type: "string", title: gettext("Columns"), enum: ["1", "2", "3", "4", "5", "6"] },
      add: { type: "boolean", title: gettext("Add a picture after this") },
      captions: {
        type: "string",
        format: "textarea",
        title: gettext("Captions, one line per picture"),
      },
    },
    { columns: String(current?.attrs.columns || 3), add: !current, captions: items.map((item) => item.caption).join("\n") },
  )
  if (!answer) return
  const captions = answer.captions.split("\n")
  items.forEach((item, index) => {
    item.caption = (captions[index] || "").trim()
  })
  if (answer.add) {
    const picture = await choosePicture()
    if (picture) items.push({ image: String(picture.id), source: null, size: "column", alt: picture.alt, credit: picture.credit, caption: picture.caption })
  }
  if (!items.length) return
  const attrs = { columns: Number.parseInt(answer.columns, 10), items }
  if (current) editor.chain().focus().updateAttributes("gallery", attrs).run()
  else editor.chain().focus().insertContent({ type: "gallery", attrs }).run()
}

const simpleDialogs = {
  footnote: { title: gettext("Footnote"), fields: { note: { type: "string", format: "textarea", title: gettext("Note") } } },
  download: { title: gettext("Download"), fields: { label: { type: "string", title: gettext("Label") }, href: { type: "string", title: gettext("File address"), format: "url" } } },
  button: { title: gettext("Button"), fields: { label: { type: "string", title: gettext("Label") }, href: { type: "string", title: gettext("Address"), format: "url" } } },
  embed: { title: gettext("Embed"), fields: { url: { type: "string", title: gettext("Address of the post or video"), format: "url" } } },
}

async function insertOrEdit(editor, name) {
  const { title, fields } = simpleDialogs[name]
  const current = selectedNode(editor, name)
  const answer = await ask(editor, title, fields, current ? current.attrs : {})
  if (!answer || !Object.values(answer).some((value) => String(value).trim())) return
  if (current) editor.chain().focus().updateAttributes(name, answer).run()
  else editor.chain().focus().insertContent({ type: name, attrs: answer }).run()
}

async function editTable(editor) {
  const { $from } = editor.state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === "tableRow") {
      const row = $from.before(depth)
      const table = $from.before(depth - 1)
      const answer = await ask(
        editor,
        gettext("Table"),
        {
          caption: { type: "string", title: gettext("Caption") },
          section: { type: "string", title: gettext("This row is in the table's"), enum: ["body", "head", "foot"] },
        },
        { caption: $from.node(depth - 1).attrs.caption, section: node.attrs.section || "body" },
      )
      if (!answer) return
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          tr.setNodeAttribute(table, "caption", answer.caption.trim())
          tr.setNodeAttribute(row, "section", answer.section === "body" ? null : answer.section)
          return true
        })
        .run()
      return
    }
  }
}

const markItems = [
  ["deleted", "Deleted", "del", gettext("Deleted text")],
  ["inserted", "Inserted", "ins", gettext("Inserted text")],
  ["marked", "Marked", "mark", gettext("Highlighted")],
  ["inlineQuote", "InlineQuote", "“q”", gettext("Quotation")],
  ["citation", "Citation", "cite", gettext("Title of a work")],
  ["keyboard", "Keyboard", "kbd", gettext("Keys")],
]

export const BodyChooser = Extension.create({
  name: "bodyChooser",
  addMenuItems({ buttons, menu }) {
    const item = (name, icon, title, command, active = () => false) =>
      menu.defineItem({ name: `body_${name}`, groups: "nodes", button: buttons.material(icon, title), command, active })
    item("figure", "image", gettext("Picture"), insertOrEditFigure, (e) => e.isActive("bodyFigure"))
    item("gallery", "collections", gettext("Gallery"), insertOrEditGallery, (e) => e.isActive("gallery"))
    item("footnote", "format_list_numbered_rtl", gettext("Footnote"), (e) => insertOrEdit(e, "footnote"))
    item("pullquote", "format_quote", gettext("Pull quote"), (e) => e.chain().focus().wrapIn("pullQuote").run())
    item("preformatted", "code", gettext("Preformatted text or code"), (e) => e.chain().focus().toggleNode("preformatted", "paragraph").run())
    item("definitions", "list_alt", gettext("Definition list"), (e) =>
      e.chain().focus().insertContent({ type: "definitionList", content: [{ type: "definitionTerm" }, { type: "definitionDescription" }] }).run(),
    )
    item("details", "unfold_more", gettext("Folded details"), (e) =>
      e.chain().focus().insertContent({ type: "details", content: [{ type: "detailsSummary" }, { type: "paragraph" }] }).run(),
    )
    item("download", "download", gettext("Download"), (e) => insertOrEdit(e, "download"))
    item("button", "smart_button", gettext("Button"), (e) => insertOrEdit(e, "button"))
    item("embed", "smart_display", gettext("Embed"), insertOrEditEmbed, (e) => e.isActive("embed"))
    item("pagebreak", "insert_page_break", gettext("Page break"), (e) => e.chain().focus().insertContent({ type: "pageBreak" }).run())
    item("tablesections", "table_rows", gettext("Table caption and sections"), editTable)
    for (const [name, , label, title] of markItems) {
      menu.defineItem({
        name: `body_mark_${name}`,
        groups: "marks",
        button: buttons.text(label, title),
        command: (e) => e.chain().focus().toggleMark(name).run(),
        active: (e) => e.isActive(name),
      })
    }
    menu.defineItem({
      name: "body_mark_abbreviation",
      groups: "marks",
      button: buttons.text("abbr", gettext("Abbreviation")),
      active: (e) => e.isActive("abbreviation"),
      command: async (e) => {
        if (e.isActive("abbreviation")) return e.chain().focus().unsetMark("abbreviation").run()
        const answer = await ask(e, gettext("Abbreviation"), { title: { type: "string", title: gettext("In full") } }, {})
        if (answer) e.chain().focus().setMark("abbreviation", { title: answer.title.trim() }).run()
      },
    })
  },
})
