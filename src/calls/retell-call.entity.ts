import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Candidate } from '../candidates/candidate.entity.js';
import { bigintToNumber } from '../database/transformers.js';
import type { RetellCallObject } from './retell-call-object.js';

/**
 * One call to a candidate: the call history. `call` is the latest merged Retell call object;
 * the scalar columns are derived from it for queries. Timestamps ending in `_timestamp` are epoch
 * milliseconds from Retell's call object.
 */
@Entity('retell_calls')
@Index('IDX_retell_calls_candidate', ['candidate_id', 'created_at'])
@Index('UQ_retell_calls_attempt', ['candidate_id', 'attempt'], { unique: true, where: '"attempt" IS NOT NULL' })
@Index('IDX_retell_calls_status', ['call_status', 'created_at'])
export class RetellCall {
  @ApiProperty()
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'call_abc123xyz789' })
  @Column({ type: 'text', nullable: true, unique: true })
  call_id: string | null;

  @ApiProperty({ example: 199 })
  @Column({ type: 'integer' })
  candidate_id: number;

  @ManyToOne(() => Candidate, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'FK_retell_calls_candidate' })
  candidate?: Candidate;

  @ApiProperty({
    example: 'ended',
    description: "Retell's registered | ongoing | ended | error | not_connected, or this service's dialing | failed",
  })
  @Column({ type: 'text' })
  call_status: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'phone_call' })
  @Column({ type: 'text', nullable: true })
  call_type: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  agent_id: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'nth call placed by this service to the candidate; null for calls it did not place',
  })
  @Column({ type: 'integer', nullable: true })
  attempt: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  job_id: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  recruiter: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'why placing the call failed' })
  @Column({ type: 'text', nullable: true })
  dial_error: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  start_timestamp: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'epoch milliseconds' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  end_timestamp: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'milliseconds' })
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  duration_ms: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'user_hangup' })
  @Column({ type: 'text', nullable: true })
  disconnection_reason: string | null;

  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true })
  @Column({ type: 'jsonb', nullable: true })
  call_analysis: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'The latest merged Retell call object',
  })
  @Column({ type: 'jsonb', nullable: true })
  call: RetellCallObject | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  created_at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updated_at: Date;
}
