// The handful of strftime conversions time() formats use (local time).
// Pure: the caller passes the Date (local time of this process).
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function strftime(format: string, d: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
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
