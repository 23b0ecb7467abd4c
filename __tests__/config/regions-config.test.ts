/** `environments.<env>.regions`: which regions an environment covers, checked against the real regions of its partition. */
import { configWarnings, coveredRegions, REGION_PRESETS, validateConfig } from '../../src/config';
import { regionInfo } from '../../src/config/regions';
import { configWith, problemsOf } from '../helpers/config-edit';

const prodRegions = (regions: unknown, awsRegion?: string) =>
  configWith((c) => {
    c.environments.prod.regions = regions;
    if (awsRegion) c.environments.prod.awsRegion = awsRegion;
  });

describe('environments.<env>.regions', () => {
  test('default: the home region only', () => {
    expect(coveredRegions({ awsRegion: 'us-east-1' })).toEqual(['us-east-1']);
  });

  test('a list including awsRegion is accepted; the home region comes first, the others in the order listed', () => {
    const cfg = validateConfig(prodRegions(['eu-west-1', 'us-east-1', 'ap-southeast-2']));
    expect(coveredRegions(cfg.environments.prod!)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  });

  test('"default-enabled" is the 17 regions every commercial account has, none of them opt-in', () => {
    const preset = REGION_PRESETS['default-enabled'];
    expect(preset).toHaveLength(17);
    expect(new Set(preset).size).toBe(17);
    for (const r of preset) expect(regionInfo(r)).toMatchObject({ partition: 'aws', optIn: false });
    const cfg = validateConfig(prodRegions('default-enabled'));
    const covered = coveredRegions(cfg.environments.prod!);
    expect(covered[0]).toBe('us-east-1');
    expect([...covered].sort()).toEqual([...preset].sort());
  });

  test('an opt-in region is covered only when listed', () => {
    expect(problemsOf(prodRegions(['us-east-1', 'af-south-1']))).toEqual([]);
    expect(REGION_PRESETS['default-enabled']).not.toContain('af-south-1');
  });

  test('a region that does not exist, a repeat, and a region of another partition are each refused by position', () => {
    expect(problemsOf(prodRegions(['us-east-1', 'us-east-7', 'eu-west-1', 'eu-west-1', 'us-gov-west-1']))).toEqual([
      'environments.prod.regions[1] = "us-east-7": must be an AWS region name that exists, such as eu-west-1 (the list is in src/config/regions.ts).',
      'environments.prod.regions[3] = "eu-west-1": must not repeat a region already in the list. Remove the repeat.',
      expect.stringMatching(
        /^environments\.prod\.regions\[4\] = "us-gov-west-1": must be a region of the partition of awsRegion \(us-east-1 is in aws, us-gov-west-1 in aws-us-gov\)\. One account lives in one partition: cover us-east-1, .*mx-central-1 only\.$/,
      ),
    ]);
  });

  test('a list without awsRegion is refused, naming the fix', () => {
    expect(problemsOf(prodRegions(['eu-west-1']))).toEqual([
      'environments.prod.regions = ["eu-west-1"]: must include awsRegion (us-east-1), the home region that holds the alerts, the trail and the finding aggregator. Add "us-east-1" to the list.',
    ]);
  });

  test('a preset that leaves out an opt-in home region is refused, with the list to write instead', () => {
    const [problem] = problemsOf(prodRegions('default-enabled', 'af-south-1'));
    expect(problem).toMatch(
      /^environments\.prod\.regions = "default-enabled": must include awsRegion \(af-south-1\), but the preset "default-enabled" is us-east-1, .* List the regions instead: \["af-south-1", "us-east-1", /,
    );
  });

  test.each([
    ['an unknown preset', 'all', 'be a list of region names or one of the presets "default-enabled"'],
    ['an empty list', [], 'be a non-empty list of region names that includes awsRegion, or "default-enabled"'],
    ['a number', 3, 'be a non-empty list of region names that includes awsRegion, or "default-enabled"'],
  ])('%s is refused', (_what, value, rule) => {
    expect(problemsOf(prodRegions(value))).toEqual([`environments.prod.regions = ${JSON.stringify(value)}: must ${rule}.`]);
  });

  test('an environment that shares its account services covers no region of its own', () => {
    const shared = configWith((c) => {
      c.environments.staging.accountId = c.environments.dev.accountId;
      c.environments.staging.accountServicesOwner = 'dev';
      c.environments.staging.regions = ['us-east-1', 'eu-west-1'];
    });
    expect(problemsOf(shared)).toEqual([
      'environments.staging.regions = ["us-east-1","eu-west-1"]: must be left out, because staging creates no regional service (accountServicesOwner is "dev"). Set the regions on environments.dev, which covers them for the account.',
    ]);
  });
});

describe('configWarnings', () => {
  test('an opt-in region listed in regions is accepted and warned about once, naming the field, the region and what to do', () => {
    const config = validateConfig(prodRegions(['us-east-1', 'af-south-1', 'eu-west-1']));
    expect(configWarnings(config)).toEqual([
      'environments.prod.regions lists "af-south-1", an opt-in region: enable it in the account before deploying ' +
        '(aws account enable-region --region-name af-south-1), or its provider cannot plan. Remove it from the list if the account should not use it.',
    ]);
  });

  test('an opt-in home region is warned about too, with or without a regions list, once', () => {
    const home = (regions?: string[]) =>
      validateConfig(
        configWith((c) => {
          c.environments.prod.awsRegion = 'af-south-1';
          if (regions) c.environments.prod.regions = regions;
        }),
      );
    const warning =
      'environments.prod.awsRegion is "af-south-1", an opt-in region: enable it in the account before deploying ' +
      '(aws account enable-region --region-name af-south-1), or its provider cannot plan. Remove it from the list if the account should not use it.';
    expect(configWarnings(home())).toEqual([warning]);
    expect(configWarnings(home(['af-south-1', 'us-east-1']))).toEqual([warning]);
  });

  test('no warning for the checked-in config, default-enabled regions or the preset', () => {
    expect(configWarnings(validateConfig(configWith(() => undefined)))).toEqual([]);
    expect(configWarnings(validateConfig(prodRegions('default-enabled')))).toEqual([]);
    expect(configWarnings(validateConfig(prodRegions(['us-east-1', 'eu-west-1'])))).toEqual([]);
  });
});
