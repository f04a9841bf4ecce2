output "bucket_name" {
  description = "Name of the stack's S3 bucket."
  value       = aws_s3_bucket.this.bucket
}
