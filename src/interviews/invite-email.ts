import { DateTime } from 'luxon';
import type { Notification } from '../database/entities/notification.entity.js';
import { interviewCalendar, type InterviewDetails, type Organizer } from './ics.js';
import type { InviteMessage } from './mailer.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The e-mail of a notification, with its invite: what the candidate reads, built from the
 * notification's frozen content (the interview at its sequence). Never a transcript.
 */
export function inviteEmail(
  notification: Notification,
  organizer: Organizer,
  details: InterviewDetails = {},
): InviteMessage {
  const content = notification.content;
  const startsAt = new Date(content.starts_at);
  const local = DateTime.fromJSDate(startsAt, { zone: content.timezone });
  const when = `${local.toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ")} (${content.timezone})`;
  const role = [content.position, content.company ? `at ${content.company}` : null].filter(Boolean).join(' ');
  const about = role ? ` for the ${role} position` : '';
  const cancelled = notification.kind === 'interview_cancellation';
  const lines = [
    `Hi ${content.first_name},`,
    '',
    cancelled
      ? `Your interview${about}, planned for ${when}, has been cancelled.`
      : notification.kind === 'interview_update'
        ? `Your interview${about} has moved. It now takes place on ${when} and lasts ${content.duration_minutes} minutes.`
        : `Your interview${about} is confirmed for ${when}. It lasts ${content.duration_minutes} minutes.`,
    ...(cancelled
      ? []
      : [
          ...(details.location ? ['', `Where: ${details.location}`] : []),
          ...(details.joinUrl ? ['', `Join: ${details.joinUrl}`] : []),
          ...(details.description ? ['', details.description] : []),
        ]),
    '',
    cancelled ? 'The calendar invite attached removes it from your calendar.' : 'The calendar invite is attached.',
    '',
    organizer.name || organizer.address,
  ];
  const ics = interviewCalendar(
    [
      {
        interviewId: notification.interview_id,
        startsAt,
        durationMinutes: content.duration_minutes,
        sequence: content.sequence,
        cancelled,
        stamp: notification.created_at,
        candidate: { name: `${content.first_name} ${content.last_name}`.trim(), email: notification.recipient },
        position: content.position,
        company: content.company,
      },
    ],
    cancelled ? 'CANCEL' : 'REQUEST',
    organizer,
    details,
  );
  return {
    to: notification.recipient,
    subject: notification.subject,
    text: lines.join('\n'),
    html: lines.map((line) => (line ? `<p>${escapeHtml(line)}</p>` : '')).join('\n'),
    ics,
    method: cancelled ? 'CANCEL' : 'REQUEST',
  };
}
