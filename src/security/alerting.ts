/**
 * The security alerts topic: KMS-encrypted with the module key, published to only by the
 * services that grant themselves `grantPublish` (each limited to this account, and to its own
 * resources where the service names them), only over TLS, and read by its subscribers
 * (email addresses, SQS queues, Lambda functions, HTTPS endpoints).
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountRoot, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { awsPrincipal, condition, PolicyStatement, ResourcePolicyDocument, servicePrincipal } from './iam';
import { SecurityKey } from './kms';

export interface AlertPublisher {
  /** Statement ID of its grant in the topic policy. */
  readonly sid: string;
  /** Service principal that publishes. */
  readonly service: string;
  /** ARN pattern of the publishing resources in this account; none: the account alone limits it. */
  readonly sourceArn?: (ctx: SecurityContext) => string;
}

/** The endpoint kinds SNS delivers the alerts to. */
export type AlertProtocol = 'email' | 'sqs' | 'lambda' | 'https';

export interface AlertSubscriber {
  readonly protocol: AlertProtocol;
  /** Email address, SQS queue ARN, Lambda function ARN or https:// URL. */
  readonly endpoint: string;
}

/** What a service that alerts needs from the topic. */
export interface IAlertsTopic {
  readonly topicArn: string;
  /** The policy a publisher's first message must wait for. */
  readonly topicPolicy: SnsTopicPolicy;
  /** Let `publisher` publish to the topic and use the key that encrypts it. */
  grantPublish(publisher: AlertPublisher): void;
}

export interface SecurityAlertingProps {
  readonly context: SecurityContext;
  /** The key that encrypts the topic; publishers are granted its use. */
  readonly key: SecurityKey;
  /**
   * Who receives the alerts. Email and HTTPS subscribers must confirm; an SQS queue's or a
   * Lambda function's own policy must let `sns.amazonaws.com` deliver from this topic.
   * @default [] (config refuses that unless it says why)
   */
  readonly subscribers?: readonly AlertSubscriber[];
}

export class SecurityAlerting extends Construct implements IAlertsTopic {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly topicPolicy: SnsTopicPolicy;
  readonly policyDocument: ResourcePolicyDocument;
  readonly subscriptions: SnsTopicSubscription[] = [];
  private readonly context: SecurityContext;
  private readonly publisherServices: string[] = [];

  private readonly granted = new Set<AlertPublisher>();

  constructor(scope: Construct, id: string, props: SecurityAlertingProps) {
    super(scope, id);
    const ctx = props.context;
    this.context = ctx;
    const names = resourceNames(ctx);

    this.topic = new SnsTopic(this, 'security_alerts', {
      name: names.alertsTopic,
      displayName: `${ctx.projectName} ${ctx.environment} security alerts`,
      kmsMasterKeyId: props.key.keyArn,
    });
    this.topic.overrideLogicalId('security_alerts');
    this.topicArn = this.topic.arn;

    const denyInsecurePublish: PolicyStatement = {
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principals: [{ type: '*', identifiers: ['*'] }],
      actions: ['SNS:Publish'],
      resources: [this.topic.arn],
      condition: [condition('Bool', 'aws:SecureTransport', 'false')],
    };
    this.policyDocument = new ResourcePolicyDocument(
      this,
      'security_alerts_topic',
      [
        {
          sid: 'AccountManagesTopic',
          principals: awsPrincipal(accountRoot(ctx)),
          actions: [
            'SNS:GetTopicAttributes',
            'SNS:SetTopicAttributes',
            'SNS:AddPermission',
            'SNS:RemovePermission',
            'SNS:DeleteTopic',
            'SNS:Subscribe',
            'SNS:ListSubscriptionsByTopic',
            'SNS:Publish',
          ],
          resources: [this.topic.arn],
        },
      ],
      [denyInsecurePublish],
    );
    this.topicPolicy = new SnsTopicPolicy(this, 'security_alerts_policy', { arn: this.topic.arn, policy: this.policyDocument.json });
    this.topicPolicy.overrideLogicalId('security_alerts');

    this.grantPublishersKeyUse(props.key);
    this.subscribe(props.subscribers ?? []);
  }

  /** The key policy statement of every publisher service granted (grantPublish), rendered at synth. */
  private grantPublishersKeyUse(key: SecurityKey): void {
    // The topic is encrypted: whoever publishes must be able to use the key. One statement lists them all.
    key.addToResourcePolicy(() =>
      this.publisherServices.length === 0
        ? undefined
        : {
            sid: 'AllowAlertPublishersToUseEncryptedTopic',
            principals: servicePrincipal(...this.publisherServices),
            actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          },
    );
  }

  /** A subscription per subscriber; emails compared without case, each endpoint once. */
  private subscribe(subscribers: readonly AlertSubscriber[]): void {
    const seen = new Set<string>();
    for (const s of subscribers) {
      const endpoint = s.protocol === 'email' ? s.endpoint.toLowerCase() : s.endpoint;
      const logicalId = subscriptionLogicalId(s.protocol, endpoint);
      if (seen.has(logicalId)) continue;
      seen.add(logicalId);
      const subscription = new SnsTopicSubscription(this, logicalId, { topicArn: this.topic.arn, protocol: s.protocol, endpoint });
      subscription.overrideLogicalId(logicalId);
      this.subscriptions.push(subscription);
    }
  }

  grantPublish(publisher: AlertPublisher): void {
    // Several constructs may grant the same publisher (EventBridge rules: GuardDuty's and the
    // linked regions'); one statement serves them all. Another publisher under a used sid is
    // still refused by the policy document.
    if (this.granted.has(publisher)) return;
    this.granted.add(publisher);
    this.policyDocument.addStatement({
      sid: publisher.sid,
      principals: servicePrincipal(publisher.service),
      actions: ['SNS:Publish'],
      resources: [this.topic.arn],
      condition: [
        condition('StringEquals', 'aws:SourceAccount', this.context.accountId),
        ...(publisher.sourceArn ? [condition('ArnLike', 'aws:SourceArn', publisher.sourceArn(this.context))] : []),
      ],
    });
    if (!this.publisherServices.includes(publisher.service)) this.publisherServices.push(publisher.service);
  }
}

/**
 * `alert_<protocol>_<readable endpoint>_<digest>`: readable, stable across reordering, and
 * distinct for endpoints that read alike (a.b@ / a-b@). Emails keep the form they always had.
 */
export function subscriptionLogicalId(protocol: AlertProtocol, endpoint: string): string {
  const digest = createHash('sha256').update(endpoint).digest('hex').slice(0, 8);
  // Email subscriptions keep the exact names they had before the other kinds existed.
  if (protocol === 'email') return `alert_email_${endpoint.replace(/[^a-z0-9]+/g, '_')}_${digest}`;
  // ARNs read by their name (queue or function), URLs by host and path.
  const readable =
    protocol === 'https'
      ? endpoint.replace(/^https:\/\//, '')
      : endpoint
          .split(':')
          .slice(protocol === 'lambda' ? 6 : 5)
          .join('_');
  const slug = readable
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return `alert_${protocol}_${slug}_${digest}`;
}
