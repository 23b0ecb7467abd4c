# Create logs bucket first
resource "aws_s3_bucket" "logs" {
  bucket = "govtech-prod-logs-123456789012"
}

resource "aws_s3_bucket_policy" "cloudtrail_logs" {
  bucket = aws_s3_bucket.logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "AWSCloudTrailAclCheck"
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Action   = "s3:GetBucketAcl"
      Resource = aws_s3_bucket.logs.arn
    }, {
      Sid    = "AWSCloudTrailWrite"
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Action   = "s3:PutObject"
      Resource = "${aws_s3_bucket.logs.arn}/*"
      Condition = {
        StringEquals = {
          "s3:x-amz-acl" = "bucket-owner-full-control"
        }
      }
    }]
  })
}

data "aws_caller_identity" "current" {}

module "security" {
  source = "../../modules/security"

  project_name = "govtech"
  environment  = "prod"
  account_id   = data.aws_caller_identity.current.account_id
  aws_region   = "us-east-1"
  logs_bucket  = aws_s3_bucket.logs.id
}

# Use KMS key for RDS encryption
module "database" {
  source = "./modules/database"
  # ...
  kms_key_arn = module.security.kms_key_arn
}
