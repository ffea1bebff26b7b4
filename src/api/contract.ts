/**
 * The API contract between the server and the back office (docs/adr/0006-one-api-contract.md).
 *
 * Every type here is inferred from the Zod schema a route validates with: answers are
 * `Json<z.output<typeof Schema>>` (the serializer parses the handler's value with the response
 * schema, then `JSON.stringify`s it), request bodies are `z.input<typeof Schema>` (what the
 * validator accepts before defaults and trims). A change to a schema is therefore a type error in
 * the back office wherever the two no longer agree.
 *
 * Types only: the back office imports this file with `import type`, and this file imports the
 * schemas with `import type`, so no server code (nor Zod) reaches the browser bundle.
 */
import type { z } from 'zod';
import type { ErrorBody } from './plugins/errors.ts';
import type { advisorsSchemas as advisors } from '../core/advisors/index.ts';
import type { auditLogSchemas as auditLog } from '../core/audit-log/index.ts';
import type { authSchemas as auth } from '../core/auth/index.ts';
import type { breachesPresenter as breachDtos } from '../core/breaches/index.ts';
import type { breachesSchemas as breaches } from '../core/breaches/index.ts';
import type { regulatoryPresenter as regulatoryDtos, regulatorySchemas as regulatory } from '../core/regulatory/index.ts';
import type { reportingSchemas as reporting } from '../core/reporting/index.ts';
import type { complaintsSchemas as complaints } from '../core/complaints/index.ts';
import type { consentSchemas as consent } from '../core/consent/index.ts';
import type { campaignSchemas as campaign, contactSchemas as contact } from '../core/contact/index.ts';
import type { offersSchemas as offers } from '../core/offers/index.ts';
import type { contractsSchemas as contracts } from '../core/contracts/index.ts';
import type { changeCampaignsSchemas as changeCampaigns } from '../core/change-campaigns/index.ts';
import type { messagesSchemas as messages } from '../core/messages/index.ts';
import type { dsrPresenter as dsrDtos } from '../core/dsr/index.ts';
import type { kpiSchemas as kpi } from '../core/kpi/index.ts';
import type { auditsSchemas as audits, ethicsAuditSchemas as ethicsAudits } from '../core/audits/index.ts';
import type { dsrSchemas as dsr } from '../core/dsr/index.ts';
import type { registerPresenter as registerDtos } from '../core/register/index.ts';
import type { registerService as register } from '../core/register/index.ts';
import type { retentionService as retention } from '../core/register/index.ts';

// ---------------------------------------------------------------------------------------------
// What JSON makes of a value
// ---------------------------------------------------------------------------------------------

/** What `JSON.stringify` drops from an object, and turns into `null` in an array. */
type Unserialisable = undefined | symbol | ((...args: never[]) => unknown);

/** String and number keys JSON always writes: their value is never `undefined` and can be written. */
type KeptKeys<T> = Exclude<
  { [K in keyof T]: K extends symbol ? never : undefined extends T[K] ? never : [T[K]] extends [Unserialisable] ? never : K }[keyof T],
  undefined
>;

/** Keys whose value may be `undefined`: JSON leaves them out then, so they are optional on the wire. */
type MaybeKeys<T> = Exclude<
  {
    [K in keyof T]: K extends symbol
      ? never
      : undefined extends T[K]
        ? [Exclude<T[K], Unserialisable>] extends [never]
          ? never
          : K
        : never;
  }[keyof T],
  undefined
>;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type JsonObject<T> = Flatten<{ [K in KeptKeys<T>]: Json<T[K]> } & { [K in MaybeKeys<T>]?: Json<Exclude<T[K], undefined>> }>;

type JsonArrayItem<T> = unknown extends T ? unknown : T extends Unserialisable ? null : Json<T>;

/**
 * The type of `JSON.parse(JSON.stringify(value))` for a `value: T`: dates (anything with
 * `toJSON`) become what `toJSON` returns, `undefined`, functions and symbols vanish from objects
 * (so a property that may be `undefined` is optional) and become `null` in arrays. `unknown`
 * stays `unknown`. NaN and infinities (sent as `null`) cannot be told apart from numbers by types.
 */
export type Json<T> = unknown extends T
  ? unknown
  : T extends { toJSON(): infer R }
    ? Json<R>
    : T extends string | number | boolean | null
      ? T
      : T extends Unserialisable | bigint
        ? never
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: JsonArrayItem<T[K]> }
          : T extends object
            ? JsonObject<T>
            : never;

/** An answer, as the back office receives it: the response schema's output, through JSON. */
type Dto<S extends z.ZodType> = Json<z.output<S>>;
/** A request body, as the back office may build it: anything the schema accepts. */
type Body<S extends z.ZodType> = z.input<S>;

/** Every list answers `{ items }` (the routes declare `z.object({ items: z.array(XDtoSchema) })`). */
export interface Items<T> {
  items: T[];
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The body of every error answer. */
export type ApiErrorBody = ErrorBody;
/** One field-level validation problem. */
export type ApiIssue = NonNullable<ErrorBody['error']['issues']>[number];

// ---------------------------------------------------------------------------------------------
// Auth, users, tokens
// ---------------------------------------------------------------------------------------------

export type LoginBody = Body<typeof auth.LoginSchema>;
/** The session opened (CSRF token), or the second step asked for. */
export type LoginAnswer = Dto<typeof auth.LoginAnswerSchema>;
export type LoginSecondFactorBody = Body<typeof auth.LoginSecondFactorSchema>;
export type SessionDto = Dto<typeof auth.SessionDtoSchema>;
export type MfaStatusDto = Dto<typeof auth.MfaStatusSchema>;
export type MfaSetupDto = Dto<typeof auth.MfaSetupDtoSchema>;
export type MfaCodeBody = Body<typeof auth.MfaCodeSchema>;
export type RecoveryCodesDto = Dto<typeof auth.RecoveryCodesDtoSchema>;
export type PasswordResetRequestBody = Body<typeof auth.RequestPasswordResetSchema>;
export type PasswordResetAcceptedDto = Dto<typeof auth.PasswordResetAcceptedDtoSchema>;
export type PasswordResetBody = Body<typeof auth.ResetPasswordSchema>;
export type AcceptInvitationBody = Body<typeof auth.AcceptInvitationSchema>;
/** The signed-in user, their organisation, permissions, navigation and CSRF token. */
export type MeDto = Dto<typeof auth.MeDtoSchema>;
export type UpdateMeBody = Body<typeof auth.UpdateMeSchema>;
export type UserDto = Dto<typeof auth.UserDtoSchema>;
export type CreateUserBody = Body<typeof auth.CreateUserSchema>;
export type UpdateUserBody = Body<typeof auth.UpdateUserSchema>;
export type RoleDto = Dto<typeof auth.RoleDtoSchema>;
export type TokenDto = Dto<typeof auth.TokenDtoSchema>;
export type CreatedTokenDto = Dto<typeof auth.CreatedTokenDtoSchema>;
export type CreateTokenBody = Body<typeof auth.CreateTokenSchema>;

// ---------------------------------------------------------------------------------------------
// Audit log
// ---------------------------------------------------------------------------------------------

export type AuditEventDto = Dto<typeof auditLog.AuditEventDtoSchema>;
export type AuditPageDto = Dto<typeof auditLog.AuditPageDtoSchema>;
/** The filters and cursor of the list, as the server reads them from the query string. */
export type AuditQuery = Partial<z.output<typeof auditLog.AuditListQuerySchema>>;
export type VerifyDto = Dto<typeof auditLog.VerifyDtoSchema>;

// ---------------------------------------------------------------------------------------------
// Complaints and advisors
// ---------------------------------------------------------------------------------------------

export type ComplaintSummaryDto = Dto<typeof complaints.ComplaintSummaryDtoSchema>;
export type ComplaintPageDto = Dto<typeof complaints.ComplaintPageDtoSchema>;
/** The queue, filters and search of the list, as the server reads them from the query string. */
export type ComplaintListQuery = z.output<typeof complaints.ComplaintQuerySchema>;
export type ComplaintDetailDto = Dto<typeof complaints.ComplaintDetailDtoSchema>;
export type CreateComplaintBody = Body<typeof complaints.CreateComplaintSchema>;
export type CreatedComplaintDto = Dto<typeof complaints.CreatedComplaintDtoSchema>;
/** The body of each step, `POST /api/complaints/:id/<step>` (the `action(...)` lines of complaints.routes.ts). */
export interface ComplaintStepBodies {
  acknowledge: Body<typeof complaints.AcknowledgeSchema>;
  assess: Body<typeof complaints.AssessSchema>;
  reply: Body<typeof complaints.MessageSchema>;
  note: Body<typeof complaints.MessageSchema>;
  answer: Body<typeof complaints.AnswerSchema>;
  close: Body<typeof complaints.CloseSchema>;
  escalate: Body<typeof complaints.EscalateSchema>;
  'request-info': Body<typeof complaints.RequestInfoSchema>;
  resume: Body<typeof complaints.ResumeSchema>;
  assign: Body<typeof complaints.AssignSchema>;
}
/** What the customer will receive for an answer, `POST /api/complaints/:id/answer/preview`. */
export type AnswerPreviewDto = Dto<typeof complaints.AnswerPreviewDtoSchema>;
export type SlaSettingsDto = Dto<typeof complaints.SlaSettingsDtoSchema>;
export type SlaSettingBody = Body<typeof complaints.SlaSettingSchema>;

export type AdvisorDto = Dto<typeof advisors.AdvisorDtoSchema>;
export type AdvisorTeamDto = Dto<typeof advisors.AdvisorTeamDtoSchema>;
export type UpdateAdvisorBody = Body<typeof advisors.UpdateAdvisorSchema>;
export type HandoverBody = Body<typeof advisors.HandoverSchema>;
export type HandoverResultDto = Dto<typeof advisors.HandoverResultSchema>;

// ---------------------------------------------------------------------------------------------
// Privacy: data-subject requests and consent
// ---------------------------------------------------------------------------------------------

export type DsrDto = Dto<typeof dsrDtos.DsrDtoSchema>;
export type DsrDetailDto = Dto<typeof dsrDtos.DsrDetailDtoSchema>;
/** Extending, refusing, lifting a restriction. */
export type DsrReasonBody = Body<typeof dsr.ReasonSchema>;
export type DsrFulfilBody = Body<typeof dsr.FulfilSchema>;
/** A request received by letter, phone, e-mail or in person, entered by hand. */
export type DsrManualBody = Body<typeof dsr.AgentRequestSchema>;

export type PurposeDto = Dto<typeof consent.PurposeDtoSchema>;
export type NoticeDto = Dto<typeof consent.NoticeDtoSchema>;
export type CreatePurposeBody = Body<typeof consent.CreatePurposeSchema>;
export type RateDto = Dto<typeof consent.RateDtoSchema>;
export type ImportReportDto = Dto<typeof consent.ImportReportSchema>;

// ---------------------------------------------------------------------------------------------
// Records of processing and retention
// ---------------------------------------------------------------------------------------------

export type RegisterDto = Dto<typeof registerDtos.RegisterDtoSchema>;
export type ControllerDto = Dto<typeof registerDtos.ControllerDtoSchema>;
export type ControllerBody = Body<typeof register.ControllerSchema>;
export type ActivityDto = Dto<typeof registerDtos.ActivityDtoSchema>;
export type CreateActivityBody = Body<typeof register.CreateActivitySchema>;
export type UpdateActivityBody = Body<typeof register.UpdateActivitySchema>;
export type RuleDto = Dto<typeof registerDtos.RuleDtoSchema>;
export type UpdateRuleBody = Body<typeof retention.UpdateRuleSchema>;
export type DryRunDto = Dto<typeof registerDtos.DryRunDtoSchema>;
export type RunDto = Dto<typeof registerDtos.RunDtoSchema>;

// ---------------------------------------------------------------------------------------------
// Breaches
// ---------------------------------------------------------------------------------------------

export type BreachSummaryDto = Dto<typeof breachDtos.BreachSummaryDtoSchema>;
export type BreachDto = Dto<typeof breachDtos.BreachDtoSchema>;
export type CreateBreachBody = Body<typeof breaches.CreateBreachSchema>;
export type UpdateBreachBody = Body<typeof breaches.UpdateBreachSchema>;
export type NotifyAuthorityBody = Body<typeof breaches.NotifyAuthoritySchema>;
export type WaiveAuthorityBody = Body<typeof breaches.WaiveAuthoritySchema>;
export type SupplementBody = Body<typeof breaches.SupplementSchema>;
export type NotifySubjectsBody = Body<typeof breaches.NotifySubjectsSchema>;
export type SubjectNotificationDto = Dto<typeof breaches.SubjectNotificationDtoSchema>;
export type ExemptSubjectsBody = Body<typeof breaches.ExemptSubjectsSchema>;

// ---------------------------------------------------------------------------------------------
// Regulatory events
// ---------------------------------------------------------------------------------------------

export type RegulatoryEventSummaryDto = Dto<typeof regulatoryDtos.RegulatoryEventSummaryDtoSchema>;
export type RegulatoryEventDto = Dto<typeof regulatoryDtos.RegulatoryEventDtoSchema>;
export type CreateRegulatoryEventBody = Body<typeof regulatory.CreateRegulatoryEventSchema>;
export type UpdateRegulatoryEventBody = Body<typeof regulatory.UpdateRegulatoryEventSchema>;

// ---------------------------------------------------------------------------------------------
// CSR report
// ---------------------------------------------------------------------------------------------

export type CsrReportDto = Dto<typeof reporting.CsrReportDtoSchema>;
export type CsrNarrativeBody = Body<typeof reporting.NarrativeSchema>;

// ---------------------------------------------------------------------------------------------
// Contact guard
// ---------------------------------------------------------------------------------------------

export type ContactDecisionDto = Dto<typeof contact.ContactDecisionDtoSchema>;
export type ContactAttemptDto = Dto<typeof contact.ContactAttemptDtoSchema>;
export type CheckContactBody = Body<typeof contact.CheckContactSchema>;
export type CheckContactsBody = Body<typeof contact.CheckContactsSchema>;
export type ContactDecisionsDto = Dto<typeof contact.ContactDecisionsDtoSchema>;
export type RecordAttemptBody = Body<typeof contact.RecordAttemptSchema>;
export type HistoryImportReportDto = Dto<typeof contact.HistoryImportReportSchema>;
export type OppositionListDto = Dto<typeof contact.OppositionListDtoSchema>;
export type OppositionImportDto = Dto<typeof contact.OppositionImportDtoSchema>;
export type PhoneConsentDto = Dto<typeof contact.PhoneConsentDtoSchema>;
export type PhoneConsentRecordedDto = Dto<typeof contact.PhoneConsentRecordedDtoSchema>;
export type PhoneConsentBody = Body<typeof contact.PhoneConsentSchema>;
export type CampaignSummaryDto = Dto<typeof campaign.CampaignSummaryDtoSchema>;
export type CampaignDetailDto = Dto<typeof campaign.CampaignDetailDtoSchema>;
export type ScrubDto = Dto<typeof campaign.ScrubDtoSchema>;
export type RecheckBody = Body<typeof campaign.RecheckSchema>;
export type AudienceFilterBody = Body<typeof campaign.AudienceFilterSchema>;
export type AudiencePreviewBody = Body<typeof campaign.AudiencePreviewSchema>;
export type AudiencePreviewDto = Dto<typeof campaign.AudiencePreviewDtoSchema>;
export type CreateFilterCampaignBody = Body<typeof campaign.CreateFilterCampaignSchema>;

// ---------------------------------------------------------------------------------------------
// Offers
// ---------------------------------------------------------------------------------------------

export type OfferSummaryDto = Dto<typeof offers.OfferSummaryDtoSchema>;
export type OfferDetailDto = Dto<typeof offers.OfferDetailDtoSchema>;
export type OfferVersionDto = Dto<typeof offers.OfferVersionDtoSchema>;
export type CreateOfferBody = Body<typeof offers.CreateOfferSchema>;
export type NewOfferVersionBody = Body<typeof offers.NewVersionSchema>;
export type ReductionCheckBody = Body<typeof offers.ReductionCheckSchema>;
export type ReductionCheckDto = Dto<typeof offers.ReductionCheckDtoSchema>;

// ---------------------------------------------------------------------------------------------
// Contracts
// ---------------------------------------------------------------------------------------------

export type ContractSummaryDto = Dto<typeof contracts.ContractSummaryDtoSchema>;
export type ContractDetailDto = Dto<typeof contracts.ContractDetailDtoSchema>;
export type ContractEventDto = Dto<typeof contracts.ContractEventDtoSchema>;
export type CreateContractBody = Body<typeof contracts.CreateContractSchema>;
export type EndContractBody = Body<typeof contracts.EndContractSchema>;
export type ContractListDto = Dto<typeof contracts.ContractListDtoSchema>;

// Change campaigns
export type ChangeCampaignDto = Dto<typeof changeCampaigns.ChangeCampaignDtoSchema>;
export type CreateChangeCampaignBody = Body<typeof changeCampaigns.CreateChangeCampaignSchema>;
export type ChangeCampaignDetailDto = Dto<typeof changeCampaigns.ChangeCampaignDetailDtoSchema>;
export type ChangeCampaignPreviewDto = Dto<typeof changeCampaigns.ChangeCampaignPreviewDtoSchema>;
export type ChangeNoticeDto = Dto<typeof changeCampaigns.ChangeNoticeDtoSchema>;
export type NoticeEvidenceDto = Dto<typeof changeCampaigns.NoticeEvidenceDtoSchema>;

// ---------------------------------------------------------------------------------------------
// Message checker and approvals
// ---------------------------------------------------------------------------------------------

export type CheckMessageBody = Body<typeof messages.CheckMessageSchema>;
export type MessageCheckDto = Dto<typeof messages.CheckResultDtoSchema>;
export type MessageFindingDto = MessageCheckDto['findings'][number];
export type MessageApprovalDto = Dto<typeof messages.ApprovalDtoSchema>;
export type SubmitApprovalBody = Body<typeof messages.SubmitApprovalSchema>;
export type DecideApprovalBody = Body<typeof messages.DecideApprovalSchema>;

// ---------------------------------------------------------------------------------------------
// Ethics KPIs
// ---------------------------------------------------------------------------------------------

export type KpiListDto = Dto<typeof kpi.KpiListDtoSchema>;
export type KpiSummaryDto = Dto<typeof kpi.KpiSummaryDtoSchema>;
export type KpiDetailDto = Dto<typeof kpi.KpiDetailDtoSchema>;
export type KpiRecordsDto = Dto<typeof kpi.KpiRecordsDtoSchema>;
export type ObjectiveDto = Dto<typeof kpi.ObjectiveDtoSchema>;
export type ObjectiveListDto = Dto<typeof kpi.ObjectiveListDtoSchema>;
export type ObjectiveBody = Body<typeof kpi.ObjectiveSchema>;

// ---------------------------------------------------------------------------------------------
// Findings and remediation (audits)
// ---------------------------------------------------------------------------------------------

export type FindingListDto = Dto<typeof audits.FindingListDtoSchema>;
export type FindingSummaryDto = Dto<typeof audits.FindingSummaryDtoSchema>;
export type FindingDto = Dto<typeof audits.FindingDtoSchema>;
export type RemediationActionDto = Dto<typeof audits.ActionDtoSchema>;
export type ControlRunDto = Dto<typeof audits.ControlRunDtoSchema>;
export type AddActionBody = Body<typeof audits.AddActionSchema>;
export type UpdateActionBody = Body<typeof audits.UpdateActionSchema>;
export type CloseActionBody = Body<typeof audits.CloseActionSchema>;
export type CloseFindingBody = Body<typeof audits.CloseFindingSchema>;

// ---------------------------------------------------------------------------------------------
// Ethics audits from templates
// ---------------------------------------------------------------------------------------------

export type AuditTemplateDto = Dto<typeof ethicsAudits.TemplateDtoSchema>;
export type EthicsAuditSummaryDto = Dto<typeof ethicsAudits.AuditSummaryDtoSchema>;
export type EthicsAuditDto = Dto<typeof ethicsAudits.AuditDtoSchema>;
export type EthicsAuditItemDto = Dto<typeof ethicsAudits.AuditItemDtoSchema>;
export type EthicsAuditFindingDto = Dto<typeof ethicsAudits.AuditFindingDtoSchema>;
export type CreateEthicsAuditBody = Body<typeof ethicsAudits.CreateAuditSchema>;
export type UpdateEthicsAuditBody = Body<typeof ethicsAudits.UpdateAuditSchema>;
export type AnswerEthicsAuditBody = Body<typeof ethicsAudits.AnswerSchema>;
export type MoveEthicsAuditBody = Body<typeof ethicsAudits.MoveAuditSchema>;
export type RaiseAuditFindingBody = Body<typeof ethicsAudits.RaiseFindingSchema>;
