resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
}

resource "aws_ecs_service" "checkout" {
  name        = "checkout"
  launch_type = "FARGATE"
  tags        = { app = "checkout" }
}

resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}
