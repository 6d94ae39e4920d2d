// The strftime conversions time() and strftime() formats use (local time; glibc's C locale).
// Pure: the caller passes the Date (local time of this process).
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * strftime(fmt, ns) as bpftrace 0.17 prints it: `wallNs` is the wall-clock time in
 * ns; `%f` is its microseconds (6 digits, replaced before strftime, as bpftrace).
 */
export function formatTimestamp(format: string, wallNs: bigint): string {
  const us = String((wallNs % 1_000_000_000n) / 1000n).padStart(6, '0');
  const d = new Date(Number(wallNs / 1_000_000_000n) * 1000);
  return strftime(format.replace(/%f/g, us), d);
}

const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const FULL_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `%z`: the local offset from UTC, `+hhmm`. */
function utcOffset(d: Date): string {
  const m = -d.getTimezoneOffset();
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

export function strftime(format: string, d: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'A': return FULL_DAYS[d.getDay()]!;
      case 'B': return FULL_MONTHS[d.getMonth()]!;
      case 'C': return pad(Math.floor(d.getFullYear() / 100));
      case 'k': return String(d.getHours()).padStart(2, ' ');
      case 'l': return String(d.getHours() % 12 || 12).padStart(2, ' ');
      case 'P': return d.getHours() < 12 ? 'am' : 'pm';
      case 'R': return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
      case 'r': return `${pad(d.getHours() % 12 || 12)}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
      case 'u': return String(d.getDay() || 7);
      case 'w': return String(d.getDay());
      case 'z': return utcOffset(d);
      case 'H': return pad(d.getHours());
      case 'M': return pad(d.getMinutes());
      case 'S': return pad(d.getSeconds());
      case 'Y': return String(d.getFullYear());
      case 'y': return pad(d.getFullYear() % 100);
      case 'm': return pad(d.getMonth() + 1);
      case 'd': return pad(d.getDate());
      case 'e': return String(d.getDate()).padStart(2, ' ');
      case 'j': return pad(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 864e5) + 1, 3);
      case 'a': return DAYS[d.getDay()]!;
      case 'b': case 'h': return MONTHS[d.getMonth()]!;
      case 'p': return d.getHours() < 12 ? 'AM' : 'PM';
      case 'I': return pad(d.getHours() % 12 || 12);
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'T': return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      case 'D': return `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${pad(d.getFullYear() % 100)}`;
      case 'F': return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return m;
    }
  });
}
