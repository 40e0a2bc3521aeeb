import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

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

const badRequest = (details: FieldError[]): BadRequestException =>
  new BadRequestException({ message: details.flatMap((item) => item.errors).join('; '), details });

/**
 * A 400 for one field found invalid after validation (a check across fields, such as `from`
 * after `to`), in the same shape as the validation pipe's: `message` and `details` name it.
 */
export function invalidField(field: string, message: string): BadRequestException {
  return badRequest([{ field, errors: [message] }]);
}

/**
 * Keys named like a member of Object.prototype (`__proto__`, `constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, …): JSON.parse makes them own properties, which could reach or shadow the
 * prototype, and Nest's whitelist does not see them as unknown. They are refused.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/**
 * Every key named like an Object.prototype member in plain objects and arrays, at any depth, as
 * unknown fields. Recursive: recruiter bodies nest at most MAX_JSON_DEPTH levels (json-body.ts).
 */
function prototypeKeys(value: unknown, parent = ''): FieldError[] {
  if (!Array.isArray(value) && !isPlainObject(value)) return [];
  return Object.keys(value).flatMap((key) => {
    const field = parent ? `${parent}.${key}` : key;
    return PROTOTYPE_KEYS.has(key)
      ? [{ field, errors: [`property ${field} should not exist`] }]
      : prototypeKeys((value as Record<string, unknown>)[key], field);
  });
}

/**
 * The validation pipe with two refusals Nest's own does not make:
 * - keys named like Object.prototype members (`__proto__`, `constructor`, `toString`, …) in a
 *   body or query, at any depth, are 400s naming the field, like any unknown field (Nest's pipe
 *   would drop them silently or let them through);
 * - path parameters are never converted (`+"0x1"` would be 1): each route's pipe parses the raw
 *   text (`ParseIdPipe`), and query DTOs use `@DecimalInteger()`.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const refused = prototypeKeys(value);
      if (refused.length > 0) throw badRequest(refused);
    }
    return super.transform(value, metadata);
  }

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
    exceptionFactory: (errors) => badRequest(fieldErrors(errors)),
  });
}
