import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { MAX_INTEGER_ID, parseDecimalInteger } from './decimal-integer.js';

/**
 * Parses a path id, given as the raw path text (the validation pipe converts no path parameter):
 * a positive decimal integer up to 2147483647, without sign or leading zeros.
 * @throws BadRequestException (400) naming the parameter otherwise.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const id = parseDecimalInteger(value);
    if (id === undefined || id < 1 || id > MAX_INTEGER_ID) {
      throw new BadRequestException(`${metadata.data ?? 'id'} must be a positive integer`);
    }
    return id;
  }
}

/** Documents a path id as {@link ParseIdPipe} accepts it: an integer from 1 to 2^31 - 1. */
export const ApiIdParam = (name = 'id', description?: string): MethodDecorator =>
  ApiParam({
    name,
    schema: { type: 'integer', minimum: 1, maximum: MAX_INTEGER_ID },
    ...(description ? { description } : {}),
  });
