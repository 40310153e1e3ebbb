import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A URL whose scheme is one of `protocols` (e.g. ['postgres:', 'postgresql:']) and that has a host. */
export function IsUrlWithScheme(protocols: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isUrlWithScheme',
      target: target.constructor,
      propertyName: String(propertyKey),
      constraints: [protocols],
      options: { message: `$property must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`, ...options },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return protocols.includes(url.protocol) && url.hostname !== '';
          } catch {
            return false;
          }
        },
      },
    });
  };
}

/** The URL with its password (if any) replaced by `***`, safe to log. Unparseable input is fully masked. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}
