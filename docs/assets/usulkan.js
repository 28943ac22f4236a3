/* The proposal form (/usulkan/): builds the form from /usulkan/skema-formulir.json (written by
 * generator/site/formschema.py from the JSON Schema and the code lists) with the vendored
 * @json-editor/json-editor, checks the entry with the schema (the form schema, plus the
 * schema's allOf rules one by one), writes the file as `kerjasama baru` does (usulkan-yaml.js),
 * reads it back with js-yaml, and hands it to GitHub: the new-file page with name and text in
 * the address, or (too long for an address, or an existing file: ?ubah=<id>) the new-file or
 * edit page with a copy and a download button. Nothing is sent anywhere but to GitHub, by the
 * person's own click. */
(function () {
  "use strict";
  var root = document.getElementById("ks-usulkan");
  if (!root || typeof JSONEditor === "undefined" || typeof KsYaml === "undefined" || typeof jsyaml === "undefined") return;

  var MAX_URL = 8000; // GitHub and browsers refuse much longer addresses
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var FORM_ROOT = "naskah"; // field names naskah[judul], paths naskah.judul

  var LANGUAGE = {
    error_notset: "Kolom ini harus diisi",
    error_notempty: "Wajib diisi",
    error_enum: "Pilih salah satu pilihan yang tersedia",
    error_const: "Nilai ini tidak boleh dipakai di sini",
    error_not: "Nilai ini tidak diizinkan",
    error_anyOf: "Isian belum memenuhi salah satu syarat yang diminta",
    error_oneOf: "Isian harus memenuhi tepat satu syarat yang diminta (sekarang {{0}})",
    error_type_union: "Jenis isian tidak sesuai",
    error_type: "Isian harus berjenis {{0}}",
    error_disallow_union: "Jenis isian tidak diizinkan",
    error_disallow: "Isian tidak boleh berjenis {{0}}",
    error_multipleOf: "Isian harus kelipatan {{0}}",
    error_maxLength: "Paling banyak {{0}} karakter",
    error_minLength: "Paling sedikit {{0}} karakter; kosongkan kolom yang belum diketahui lewat tombol Kolom lain",
    error_maximum_excl: "Harus kurang dari {{0}}",
    error_maximum_incl: "Paling besar {{0}}",
    error_minimum_excl: "Harus lebih dari {{0}}",
    error_minimum_incl: "Paling kecil {{0}}",
    error_maxItems: "Paling banyak {{0}} butir",
    error_minItems: "Paling sedikit {{0}} butir",
    error_uniqueItems: "Setiap butir harus berbeda",
    error_maxProperties: "Paling banyak {{0}} kolom",
    error_minProperties: "Paling sedikit {{0}} kolom",
    error_contains: "Tidak ada butir yang memenuhi syarat",
    error_minContains: "Butir yang memenuhi syarat {{0}}, kurang dari {{1}}",
    error_maxContains: "Butir yang memenuhi syarat {{0}}, lebih dari {{1}}",
    error_pattern: "Bentuk isian tidak sesuai; baca keterangan di bawah judul kolom",
    error_additionalItems: "Butir tambahan tidak diizinkan",
    error_required: "Kolom wajib '{{0}}' belum diisi",
    error_additional_properties: "Kolom {{0}} tidak dikenal skema",
    error_property_names_exceeds_maxlength: "Nama kolom {{0}} terlalu panjang",
    error_property_names_enum_mismatch: "Nama kolom {{0}} tidak ada dalam daftar",
    error_property_names_const_mismatch: "Nama kolom {{0}} tidak diizinkan",
    error_property_names_pattern_mismatch: "Nama kolom {{0}} tidak sesuai bentuknya",
    error_property_names_false: "Nama kolom {{0}} tidak diizinkan",
    error_property_names_maxlength: "Nama kolom {{0}} tidak dapat diperiksa",
    error_property_names_enum: "Nama kolom {{0}} tidak dapat diperiksa",
    error_property_names_pattern: "Nama kolom {{0}} tidak dapat diperiksa",
    error_property_names_unsupported: "Aturan nama kolom {{0}} tidak didukung",
    error_dependency: "Kolom {{0}} juga harus diisi",
    error_date: "Tanggal harus berbentuk {{0}}",
    error_time: "Waktu harus berbentuk {{0}}",
    error_datetime_local: "Tanggal dan waktu harus berbentuk {{0}}",
    error_invalid_epoch: "Tanggal harus sesudah 1 Januari 1970",
    error_hostname: "Nama host tidak sah",
    upload_max_size: "Berkas terlalu besar. Paling besar ",
    upload_wrong_file_format: "Jenis berkas tidak diterima. Yang diterima: ",
    button_save: "Simpan",
    button_copy: "Salin",
    button_cancel: "Batal",
    button_add: "Tambah",
    button_delete_all: "Semua",
    button_delete_all_title: "Hapus semua",
    button_delete_last: "{{0}} terakhir",
    button_delete_last_title: "Hapus {{0}} terakhir",
    button_add_row_title: "Tambah {{0}}",
    button_move_down_title: "Pindah ke bawah",
    button_move_up_title: "Pindah ke atas",
    button_properties: "Kolom lain",
    button_object_properties: "Kolom lain",
    button_copy_row_title: "Salin {{0}}",
    button_delete_row_title: "Hapus {{0}}",
    button_delete_row_title_short: "Hapus",
    button_copy_row_title_short: "Salin",
    button_collapse: "Ciutkan",
    button_expand: "Bentangkan",
    button_edit_json: "Ubah JSON",
    button_upload: "Unggah",
    flatpickr_toggle_button: "Buka/tutup",
    flatpickr_clear_button: "Kosongkan",
    choices_placeholder_text: "Ketik untuk menambah nilai",
    default_array_item_title: "butir",
    button_delete_node_warning: "Yakin menghapus butir ini?",
    table_controls: "Kendali",
    paste_max_length_reached: "Teks yang ditempel lebih dari {{0}} karakter dan dipotong.",
  };

  function $(id) { return document.getElementById(id); }

  function isCalendarDate(text) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  // What the form library does not check by itself: format "date" (a real calendar day) and the
  // strict reader's hidden characters (generator/read/yamlstrict.py _FORBIDDEN, from the form schema).
  function extraChecks(forbidden) {
    return function (schema, value, path) {
      var errors = [];
      if (typeof value !== "string") return errors;
      // The shape (and the year range) is the schema's pattern; this checks the day exists.
      if (schema["x-format"] === "date" && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) && !isCalendarDate(value)) {
        errors.push({ path: path, property: "format",
          message: "Bukan tanggal yang ada di kalender; tulis TTTT-BB-HH, misalnya 2024-05-22" });
      }
      if (forbidden.test(value)) {
        errors.push({ path: path, property: "pattern",
          message: "Memuat karakter tersembunyi (misalnya spasi lebar-nol); ketik ulang teksnya" });
      }
      return errors;
    };
  }

  // "root.para_pihak.1.nama" -> "Para pihak › 2 › Nama pihak", from the form schema's titles.
  function label(schema, path) {
    var parts = path.split(".").slice(1), node = schema, out = [];
    parts.forEach(function (part) {
      if (/^[0-9]+$/.test(part)) { out.push(String(+part + 1)); node = (node && node.items) || {}; return; }
      node = (node && node.properties && node.properties[part]) || {};
      out.push(node.title || part);
    });
    return out.join(" › ") || "Naskah";
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function showErrors(doc, errors) {
    var box = $("ks-galat");
    box.textContent = "";
    if (!errors.length) { box.hidden = true; return; }
    var head = document.createElement("p");
    head.textContent = "Berkas belum dapat dibuat. Perbaiki " + errors.length + " isian berikut (juga ditandai di formulir):";
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.className = "ks-usulkan-galat-butir";
      item.setAttribute("data-path", error.path);
      item.textContent = label(doc.skema, error.path) + ": " + error.message + (error.hint ? " " + error.hint : "");
      list.appendChild(item);
    });
    box.appendChild(head);
    box.appendChild(list);
    box.hidden = false;
  }

  // Form encoding (a space is "+", a "+" is %2B): a sixth shorter than encodeURIComponent alone,
  // which matters under GitHub's limit on an address.
  function formEncoded(text) { return encodeURIComponent(text).replace(/%20/g, "+"); }

  function newFileUrl(doc, id, text) {
    var base = doc.repo.url + "/new/" + doc.repo.cabang + "?filename=" + formEncoded("agreements/" + id + ".yaml");
    return text === null ? base : base + "&value=" + formEncoded(text);
  }

  function showResult(doc, id, text, editing) {
    var url = editing ? doc.repo.url + "/edit/" + doc.repo.cabang + "/agreements/" + id + ".yaml" : newFileUrl(doc, id, text);
    var tooLong = !editing && url.length > MAX_URL;
    if (tooLong) url = newFileUrl(doc, id, null);
    var viaUrl = !editing && !tooLong;
    $("ks-hasil-nama").textContent = "agreements/" + id + ".yaml (" + text.split("\n").length + " baris)";
    $("ks-langkah-url").hidden = !viaUrl;
    $("ks-langkah-salin").hidden = viaUrl;
    $("ks-terlalu-panjang").hidden = !tooLong;
    $("ks-github").href = url;
    $("ks-github").setAttribute("target", "_blank");
    $("ks-yaml").textContent = text;
    var download = $("ks-unduh");
    if (download.href.indexOf("blob:") === 0) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    download.setAttribute("download", id + ".yaml");
    $("ks-salin-status").textContent = "";
    $("ks-hasil").hidden = false;
    $("ks-hasil").scrollIntoView({ block: "start" });
  }

  function copy(text) {
    var status = $("ks-salin-status");
    function done() { status.textContent = "Teks tersalin."; }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "ks-usulkan-salinan";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      status.textContent = ok ? "Teks tersalin." : "Tidak dapat menyalin otomatis: pilih teks di bawah lalu salin.";
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  function start(doc, record) {
    var editing = record !== null;
    JSONEditor.defaults.languages.id = LANGUAGE;
    JSONEditor.defaults.language = "id";
    JSONEditor.defaults.custom_validators.push(extraChecks(new RegExp(doc.yaml.karakter_terlarang, "u")));
    var options = {
      schema: doc.skema, theme: "html", iconlib: null, disable_edit_json: true, disable_collapse: true,
      remove_empty_properties: true, prompt_before_delete: false, show_errors: "never", // until the first check
      disable_array_delete_all_rows: true, disable_array_delete_last_row: true, array_controls_top: false,
      use_default_values: true, form_name_root: FORM_ROOT,
    };
    if (editing) options.startval = record;
    var editor = new JSONEditor($("ks-formulir"), options);
    var lastText = "";
    // The one text of the library that no language string covers.
    function translatePlaceholders() {
      Array.prototype.forEach.call(root.querySelectorAll("input[placeholder='Property name...']"), function (input) {
        input.setAttribute("placeholder", "Nama kolom...");
      });
    }
    editor.on("change", translatePlaceholders);
    editor.on("ready", function () {
      translatePlaceholders();
      editor.root.showValidationErrors([]); // the library shows the root's at once, whatever show_errors says
      root.hidden = false;
      $("ks-usulkan-mode").textContent = editing
        ? "Mengubah naskah " + record.id + ". Ubah isian yang perlu diperbaiki, lalu tekan Periksa dan buat berkas."
        : "Naskah baru. Kolom yang umum sudah tampil; kolom lain dapat ditambahkan lewat tombol Kolom lain.";
      if (editing) editor.getEditor(FORM_ROOT + ".id").disable();
      root.setAttribute("data-siap", "1");
    });
    $("ks-periksa").addEventListener("click", function () {
      // A field still being typed in has not told the form its value (that happens on "change").
      var active = document.activeElement;
      if (active && $("ks-formulir").contains(active)) active.dispatchEvent(new Event("change", { bubbles: true }));
      var value = KsYaml.ordered(editor.getValue(), doc.urutan, "");
      var errors = editor.validate(editor.getValue()); // with no argument: the last cached result
      var Validator = editor.validator.constructor;
      doc.kondisi.forEach(function (rule) {
        new Validator(editor, rule, editor.validator.options, JSONEditor.defaults).validate(value).forEach(function (e) {
          e.hint = rule.then && rule.then["x-petunjuk"];
          e.message = e.message.replace(/'([a-z0-9_]+)'/, function (whole, key) {
            var node = doc.skema.properties[key];
            return "'" + ((node && node.title) || key) + "'";
          });
          errors.push(e);
        });
      });
      editor.options.show_errors = "always";
      root.setAttribute("data-diperiksa", "1");
      editor.root.showValidationErrors(errors);
      showErrors(doc, errors);
      if (errors.length) { $("ks-hasil").hidden = true; $("ks-galat").scrollIntoView({ block: "start" }); return; }
      var text = KsYaml.render(value, doc.yaml, !editing);
      // GitHub refuses addresses over 8 KB: a new file that does not fit with its explanatory
      // comments is sent without them (same keys, order and quoting), before falling back to copy.
      var compact = false;
      if (!editing && newFileUrl(doc, value.id, text).length > MAX_URL) {
        var bare = KsYaml.render(value, doc.yaml, false);
        if (newFileUrl(doc, value.id, bare).length <= MAX_URL) { text = bare; compact = true; }
      }
      $("ks-ringkas").hidden = !compact;
      if (!same(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), value)) {
        showErrors(doc, [{ path: "root", message: "Berkas yang ditulis tidak terbaca kembali sama persis; laporkan ke pengelola register." }]);
        return;
      }
      lastText = text;
      showResult(doc, value.id, text, editing);
    });
    $("ks-salin").addEventListener("click", function () { copy(lastText); });
  }

  var params = new URLSearchParams(window.location.search);
  var editId = params.get("ubah");
  var schemaRequest = fetch(root.getAttribute("data-skema")).then(function (r) { return r.json(); });
  var recordRequest = editId && ID.test(editId)
    ? fetch(root.getAttribute("data-api") + editId + ".json").then(function (r) {
      if (!r.ok) throw new Error("naskah " + editId + " tidak ditemukan");
      return r.json();
    }).then(function (entry) { return entry.naskah; })
    : Promise.resolve(null);
  Promise.all([schemaRequest, recordRequest]).then(function (found) { start(found[0], found[1]); }, function (error) {
    root.hidden = false;
    $("ks-usulkan-mode").textContent = "Formulir tidak dapat dimuat (" + error.message + "). Muat ulang halaman, atau ikuti panduan Menambah kerja sama.";
  });
})();
