import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, IsTimeZone, MaxLength } from 'class-validator';
import { AbsentOrValid } from '../../common/optional.decorator.js';

/** Trims string input; other types are left for validation to refuse. */
export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/**
 * A new candidate. Only these fields are accepted: `id`, `status` and every `retell_*` field are
 * refused (400), so a request cannot assign what the service owns.
 */
export class CreateCandidateDto {
  @ApiProperty({ example: 'John' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  first_name: string;

  @ApiProperty({ example: 'Doe' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  last_name: string;

  @ApiProperty({ example: 'john.doe@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: '+14155550199',
    description:
      'E.164, or a national number of the country of `timezone` (else DEFAULT_PHONE_REGION); stored as E.164',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phone: string;

  @ApiPropertyOptional({ example: 'Senior Python Developer' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string;

  @ApiPropertyOptional({ example: 'TechCorp' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  company?: string;

  @ApiPropertyOptional({ example: 'America/New_York', description: 'IANA time zone; decides calling hours' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ example: false, description: 'never call this candidate' })
  @AbsentOrValid()
  @IsBoolean()
  do_not_call?: boolean;
}
