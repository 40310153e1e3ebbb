import { type ValidationError } from 'class-validator';
import { type FieldViolation, RequestValidationException } from './domain.exception';

/** `exceptionFactory` of the global ValidationPipe: every offending field (nested ones as dotted paths) and constraint. */
export function validationExceptionFactory(errors: ValidationError[]): RequestValidationException {
  return new RequestValidationException(flattenValidationErrors(errors));
}

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) out.push({ field, constraints: { ...error.constraints } });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
