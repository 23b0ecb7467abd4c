# A minimal database module for the Usage Example: PostgreSQL encrypted with the security
# module's key. RDS keeps the master password in Secrets Manager (manage_master_user_password),
# so no password is ever in this configuration or its state.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN (module.security.kms_key_arn) for storage and the master user secret"
}

variable "identifier" {
  type    = string
  default = "govtech-prod"
}

resource "aws_db_instance" "main" {
  identifier                    = var.identifier
  engine                        = "postgres"
  engine_version                = "16"
  instance_class                = "db.t4g.micro"
  allocated_storage             = 20
  db_name                       = "govtech"
  username                      = "govtech_admin"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn
  storage_encrypted             = true
  kms_key_id                    = var.kms_key_arn
  skip_final_snapshot           = false
  final_snapshot_identifier     = "${var.identifier}-final"
  deletion_protection           = true
}

output "master_user_secret_arn" {
  value = aws_db_instance.main.master_user_secret[0].secret_arn
}
