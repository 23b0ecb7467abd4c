// cdktf's Jest matchers (toHaveResourceWithProperties, ...); they compare snake_case keys.
require('cdktf').Testing.setupJest();
