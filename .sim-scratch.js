const { runSimulation } = require('@cloud-copilot/iam-simulate');
const keyPolicy = { Version: '2012-10-17', Statement: [
 { Sid: 'cfg', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: ['kms:GenerateDataKey*','kms:Decrypt'], Resource: '*',
   Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } },
]};
(async () => {
  for (const ctx of [{ 'aws:SourceAccount': '111111111111' }, { 'aws:SourceAccount': '111111111111', 'kms:EncryptionContext:aws:s3:arn': 'x' }]) {
  const sim = { request: { principal: 'config.amazonaws.com', action: 'kms:GenerateDataKey', resource: { resource: 'arn:aws:kms:us-east-1:111111111111:key/abc', accountId: '111111111111' }, contextVariables: ctx },
    identityPolicies: [], serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy: keyPolicy };
  const r = await runSimulation(sim, {});
  console.log(r.overallResult, JSON.stringify(r.result?.ignoredContextKeys), JSON.stringify(r.result?.analysis?.resourceAnalysis?.allowStatements?.length));
  }
})();
