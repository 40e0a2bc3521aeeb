import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

const MAX_ID = 2_147_483_647;

/** Parses a path id: a positive 32-bit integer, else 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= MAX_ID)) {
      throw new BadRequestException(`${metadata.data ?? 'id'} must be a positive integer`);
    }
    return id;
  }
}

/** Documents a path id as {@link ParseIdPipe} accepts it: an integer from 1 to 2^31 - 1. */
export const ApiIdParam = (name = 'id', description?: string): MethodDecorator =>
  ApiParam({
    name,
    schema: { type: 'integer', minimum: 1, maximum: MAX_ID },
    ...(description ? { description } : {}),
  });
