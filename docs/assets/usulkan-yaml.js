/* The proposal form's YAML writer: the file exactly as `kerjasama baru` writes it
 * (generator/site/scaffold.py, render and scalar), from the layout the generator publishes in
 * /usulkan/skema-formulir.json (header, key order, comments at each indent, flow lists, hints).
 *
 * scalar() mirrors scaffold.scalar(): PyYAML's choice between a plain, a single-quoted and a
 * double-quoted scalar (yaml.emitter.Emitter.analyze_scalar and choose_scalar_style, and the
 * implicit resolvers of yaml.resolver.Resolver), then the strict reader's YAML 1.2 core check
 * (generator/read/yamlstrict.py resolve_plain), falling back to a JSON string. tests/test_formschema.py
 * compares it with the Python original on many strings (node runs this file). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.KsYaml = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // yaml.resolver.Resolver's implicit resolvers, keyed by the first character they apply to.
  var BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  var FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
  var INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  var NULL = /^(?:~|null|Null|NULL|)$/;
  var TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;
  var RESOLVERS = [
    [BOOL, "yYnNtTfFoO"], [FLOAT, "-+0123456789."], [INT, "-+0123456789"], [/^(?:<<)$/, "<"],
    [NULL, "~nN"], [TIMESTAMP, "0123456789"], [/^(?:=)$/, "="], [/^(?:!|&|\*)$/, "!&*"],
  ];

  function implicitlyTyped(value) {
    if (value === "") return true; // the null resolver's empty alternative
    var first = value.charAt(0);
    return RESOLVERS.some(function (r) { return r[1].indexOf(first) >= 0 && r[0].test(value); });
  }

  var WHITE = "\0 \t\r\n\x85\u2028\u2029";
  var BREAKS = "\n\x85\u2028\u2029";

  function printable(ch) {
    var c = ch.codePointAt(0);
    return ch === "\x85" || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
      (c >= 0x10000 && c < 0x10FFFF);
  }

  // yaml.emitter.Emitter.analyze_scalar with allow_unicode=True: which styles may write `scalar`.
  function analyze(scalar) {
    var chars = Array.from(scalar);
    if (!chars.length) return { plain: false, single: true };
    var block = false, flow = false, lineBreaks = false, special = false;
    var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    var breakSpace = false, spaceBreak = false;
    if (scalar.indexOf("---") === 0 || scalar.indexOf("...") === 0) { block = true; flow = true; }
    var precededByWhitespace = true;
    var followedByWhitespace = chars.length === 1 || WHITE.indexOf(chars[1]) >= 0;
    var previousSpace = false, previousBreak = false;
    for (var index = 0; index < chars.length; index++) {
      var ch = chars[index];
      if (index === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) { flow = true; block = true; }
        if ("?:".indexOf(ch) >= 0) { flow = true; if (followedByWhitespace) block = true; }
        if (ch === "-" && followedByWhitespace) { flow = true; block = true; }
      } else {
        if (",?[]{}".indexOf(ch) >= 0) flow = true;
        if (ch === ":") { flow = true; if (followedByWhitespace) block = true; }
        if (ch === "#" && precededByWhitespace) { flow = true; block = true; }
      }
      if (BREAKS.indexOf(ch) >= 0) lineBreaks = true;
      if (!(ch === "\n" || (ch >= "\x20" && ch <= "\x7E"))) {
        if (!(printable(ch) && ch !== "\uFEFF")) special = true;
      }
      if (ch === " ") {
        if (index === 0) leadingSpace = true;
        if (index === chars.length - 1) trailingSpace = true;
        if (previousBreak) breakSpace = true;
        previousSpace = true; previousBreak = false;
      } else if (BREAKS.indexOf(ch) >= 0) {
        if (index === 0) leadingBreak = true;
        if (index === chars.length - 1) trailingBreak = true;
        if (previousSpace) spaceBreak = true;
        previousSpace = false; previousBreak = true;
      } else {
        previousSpace = false; previousBreak = false;
      }
      precededByWhitespace = WHITE.indexOf(ch) >= 0;
      followedByWhitespace = index + 2 >= chars.length || WHITE.indexOf(chars[index + 2]) >= 0;
    }
    var plain = true, single = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
    if (breakSpace) { plain = false; single = false; }
    if (spaceBreak || special) { plain = false; single = false; }
    if (lineBreaks) plain = false;
    if (block) plain = false;
    return { plain: plain, single: single };
  }

  // generator/read/yamlstrict.py resolve_plain: would the strict reader read this plain scalar as
  // something other than text?
  var MAYBE_NOT_TEXT = "~nNtTfF+-.0123456789";
  var CORE_INT = /^[-+]?(?:0|[1-9][0-9]{0,17})$/;
  var CORE_FLOAT = /^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+)$/;
  function readsAsOtherThanText(text) {
    if (text && MAYBE_NOT_TEXT.indexOf(text.charAt(0)) < 0) return false;
    if (/^(?:~|null|Null|NULL|)$/.test(text) || text === "true" || text === "false" || CORE_INT.test(text)) return true;
    return CORE_FLOAT.test(text) && isFinite(parseFloat(text));
  }

  // yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True) for one
  // string, as scaffold.scalar reads it (the document end marker removed).
  function pyyamlString(value) {
    var analysis = analyze(value);
    if (!implicitlyTyped(value) && analysis.plain) return value;
    if (analysis.single) return "'" + value.replace(/'/g, "''") + "'";
    return doubleQuoted(value);
  }

  // yaml.emitter.Emitter.write_double_quoted, never folding (width 1,000,000).
  var ESCAPES = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0B": "v", "\f": "f", "\r": "r",
    "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P" };
  function hex(code, width) { return ("0000000" + code.toString(16).toUpperCase()).slice(-width); }
  function doubleQuoted(value) {
    return '"' + Array.from(value).map(function (ch) {
      var code = ch.codePointAt(0);
      var plain = "\"\\\x85\u2028\u2029\uFEFF".indexOf(ch) < 0 && ((code >= 0x20 && code <= 0x7E) ||
        (code >= 0xA0 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD));
      if (plain) return ch;
      if (Object.prototype.hasOwnProperty.call(ESCAPES, ch)) return "\\" + ESCAPES[ch];
      if (code <= 0xFF) return "\\x" + hex(code, 2);
      if (code <= 0xFFFF) return "\\u" + hex(code, 4);
      return "\\U" + hex(code, 8);
    }).join("") + '"';
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    if (typeof value !== "string") throw new TypeError("unexpected value " + JSON.stringify(value));
    var text = pyyamlString(value);
    var plain = text.charAt(0) !== "'" && text.charAt(0) !== '"';
    if (text.indexOf("\n") >= 0 || (plain && readsAsOtherThanText(text))) text = JSON.stringify(value);
    return text;
  }

  function isMap(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  // scaffold._Writer: block-style YAML with a comment above each key once.
  function Writer(layout, comments) {
    this.layout = layout;
    this.comments = comments;
    this.lines = [];
    this.explained = {};
  }
  Writer.prototype.explain = function (path, indent) {
    if (!this.comments || this.explained[path]) return;
    this.explained[path] = true;
    var found = (this.layout.komentar[path] || {})[String(indent.length)];
    if (found) this.lines.push.apply(this.lines, found);
  };
  Writer.prototype.mapping = function (data, path, indent, firstPrefix) {
    var keys = Object.keys(data);
    for (var position = 0; position < keys.length; position++) {
      var key = keys[position];
      var here = path ? path + "." + key : key;
      var lead = position === 0 && firstPrefix != null ? firstPrefix : indent;
      if (position > 0 || firstPrefix == null) this.explain(here, indent);
      this.entry(lead, key, data[key], here, indent);
    }
  };
  Writer.prototype.entry = function (lead, key, value, path, indent) {
    var self = this;
    if ((Array.isArray(value) || isMap(value)) && !Object.keys(value).length) {
      this.lines.push(lead + key + ": " + (isMap(value) ? "{}" : "[]"));
    } else if (isMap(value)) {
      this.lines.push(lead + key + ":");
      this.mapping(value, path, indent + "  ");
    } else if (Array.isArray(value) && value.every(isMap)) {
      this.lines.push(lead + key + ":");
      value.forEach(function (item) {
        self.explain(path + ".*." + Object.keys(item)[0], indent + "  ");
        self.mapping(item, path + ".*", indent + "    ", indent + "  - ");
      });
    } else if (Array.isArray(value) && this.layout.daftar_sebaris.indexOf(path) >= 0) {
      this.lines.push(lead + key + ": [" + value.map(scalar).join(", ") + "]");
    } else if (Array.isArray(value)) {
      this.lines.push(lead + key + ":");
      value.forEach(function (v) { self.lines.push(indent + "  - " + scalar(v)); });
    } else {
      this.lines.push(lead + key + ": " + scalar(value));
    }
  };

  // The data with every mapping's keys in the register's order (urutan, by key path); keys the
  // order does not know keep their place after the known ones.
  function ordered(value, orders, path) {
    if (Array.isArray(value)) {
      return value.map(function (item) { return ordered(item, orders, path ? path + ".*" : "*"); });
    }
    if (!isMap(value)) return value;
    var order = orders[path] || [];
    var keys = Object.keys(value).sort(function (a, b) {
      var i = order.indexOf(a), j = order.indexOf(b);
      return (i < 0 ? order.length : i) - (j < 0 ? order.length : j);
    });
    var out = {};
    keys.forEach(function (key) { out[key] = ordered(value[key], orders, path ? path + "." + key : key); });
    return out;
  }

  // scaffold.render: modeline and header, every field with its comment, hints for optional
  // fields. With comments false (changing a file already in the register, whose layout has no
  // comments): the modeline and the fields only.
  function render(data, layout, comments) {
    var writer = new Writer(layout, comments);
    if (comments) writer.lines.push.apply(writer.lines, layout.kepala.concat([""]));
    else writer.lines.push(layout.kepala[0]);
    writer.mapping(data, "", "");
    if (comments) {
      var hints = [];
      Object.keys(layout.contoh_opsional).forEach(function (key) {
        if (!Object.prototype.hasOwnProperty.call(data, key)) hints.push.apply(hints, layout.contoh_opsional[key]);
      });
      if (hints.length) writer.lines.push.apply(writer.lines, [""].concat(layout.judul_contoh, hints));
    }
    return writer.lines.join("\n") + "\n";
  }

  return { scalar: scalar, ordered: ordered, render: render };
});
