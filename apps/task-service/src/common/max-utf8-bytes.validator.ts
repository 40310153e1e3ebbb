import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Markdown bodies (a task's description, a comment) are stored as text of at most 64 KiB. */
export const MARKDOWN_MAX_BYTES = 64 * 1024;

/** The string's UTF-8 encoding is at most `max` bytes (what the 64 KiB limits mean; `MaxLength` counts characters). */
export function MaxUtf8Bytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'maxUtf8Bytes',
      target: target.constructor,
      propertyName: propertyKey as string,
      constraints: [max],
      options: { message: `$property must be at most ${max} bytes of UTF-8`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= max },
    });
}
