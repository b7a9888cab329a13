/**
 * Log redaction, shared by the desktop core's and the endpoint's loggers: a secret must not reach
 * a log line whether it sits in a field (at any depth), inside a message string, in an error's
 * message or stack, or in JSON or a URL someone logged as text.
 */

export const REDACTED = '[redacted]';

/**
 * Field names whose values are secret, compared without case, `-` or `_`, by their ending: so
 * `oneTimePassword`, `x-api-key`, `webhook_secret`, `refreshToken` and `set-cookie` all match.
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|token|apikey|authorization|cookie|privatekey|sessionkey|accesskey|signature)s?$/;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** The same names as they appear in text: `password=…`, `"apiKey": "…"`, `token: …`. */
const SECRET_NAME_IN_TEXT =
  '[A-Za-z0-9_-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|authorization|cookie|private[_-]?key|session[_-]?key|access[_-]?key|signature)s?';

const TEXT_RULES: [RegExp, string | ((...groups: string[]) => string)][] = [
  // PEM private keys, whole (or up to the end of the text when cut short).
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  // HTTP credentials: `Authorization: Bearer …`, `Basic …`.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // Tandem's own prefixed secrets: API tokens, webhook secrets, enrolment tokens.
  [/\b(tdm|whsec|enrol)_[A-Za-z0-9_-]{8,}/g, `$1_${REDACTED}`],
  // OpenAI-style keys and JSON Web Tokens.
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, REDACTED],
  // A video device code in the code user's link (`/v/<code>`): whoever has it joins as the device's code user.
  [/(\/v\/)[^\s/?#"'&]+/g, `$1${REDACTED}`],
  // A password in a URL: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):[^\s/@]+@/gi, `$1:${REDACTED}@`],
  // name=value, name: value, "name": "value" (query strings, headers, JSON, prose).
  [
    new RegExp(
      `(["']?)(${SECRET_NAME_IN_TEXT})\\1(\\s*[:=]\\s*)(?!\\[redacted)("(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^\\s&,;"'}\\])]+)`,
      'gi',
    ),
    (match, quote, name, separator, value) => {
      // In JSON a count or a flag under such a name (`"promptTokens":120`) is no secret, and
      // replacing it with bare text would break the line.
      if (quote === '"' && /^(?:-?\d[\d.eE+-]*|true|false|null)$/.test(value!)) return match!;
      const quoted = value!.startsWith('"') || value!.startsWith("'") ? value![0] : '';
      return `${quote}${name}${quote}${separator}${quoted}${REDACTED}${quoted}`;
    },
  ],
];

/** Removes every secret this module recognises from a piece of text. */
export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_RULES) {
    result = result.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  }
  return result;
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` with secret fields replaced at any depth and every string scrubbed. Plain
 * objects and arrays are copied; errors too, with their message, stack, cause and own fields
 * scrubbed; other class instances are passed through for the logger's serializers (the written
 * line then goes through `redactText`). Cycles and depths past a dozen levels are cut off.
 */
export function redact(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const walk = (current: unknown, depth: number): unknown => {
    if (typeof current === 'string') return redactText(current);
    if (current === null || typeof current !== 'object') return current;
    if (seen.has(current)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    seen.add(current);
    try {
      if (Array.isArray(current)) return current.map((item) => walk(item, depth + 1));
      if (current instanceof Uint8Array) return `[${current.length} bytes]`;
      // Instances of other classes (a Date, Fastify's request) keep their prototype for the
      // logger's serializers; the finished line is scrubbed as text (see redactText).
      const prototype: unknown = Object.getPrototypeOf(current);
      if (!(current instanceof Error) && prototype !== Object.prototype && prototype !== null) return current;
      // An error stays an error (same prototype, so loggers still name its type), scrubbed.
      const error = current instanceof Error;
      const source: Record<string, unknown> = error
        ? {
            ...(current as object),
            message: current.message,
            stack: current.stack,
            ...(current.cause === undefined ? {} : { cause: current.cause }),
          }
        : (current as Record<string, unknown>);
      const copy: Record<string, unknown> = error ? Object.create(Object.getPrototypeOf(current) as object) : {};
      for (const [key, field] of Object.entries(source)) {
        // Counts and flags (`promptTokens: 120`, `hasPermanentPassword: true`) say nothing secret.
        const secret = isSecretKey(key) && field != null && typeof field !== 'number' && typeof field !== 'boolean';
        copy[key] = secret ? REDACTED : walk(field, depth + 1);
      }
      return copy;
    } finally {
      seen.delete(current);
    }
  };
  return walk(value, 0);
}
