import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** One invalid field: its dotted path (`call_analysis.call_successful`) and what is wrong. */
export interface FieldError {
  field: string;
  errors: string[];
}

/** Flattens class-validator's tree into dotted paths. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? `${field}${message.slice(error.property.length)}` : message,
    );
    return [...(own.length > 0 ? [{ field, errors: own }] : []), ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Nest's validation pipe, except that path parameters are never converted (`+"0x1"` would be 1):
 * each route's pipe parses the raw text (`ParseIdPipe`), and query DTOs use `@DecimalInteger()`.
 */
class StrictValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

/**
 * The one validation pipe: unknown fields are refused (no mass assignment), payloads become DTO
 * instances, and a 400 names every invalid field in `message` and `details`.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = fieldErrors(errors);
      return new BadRequestException({ message: details.flatMap((item) => item.errors).join('; '), details });
    },
  });
}
