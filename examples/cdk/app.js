// A small CDK app whose synthesized assembly is the example under examples/cdk.out.
const cdk = require('aws-cdk-lib');
const { Stack, RemovalPolicy, CustomResource, Duration } = cdk;
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const patterns = require('aws-cdk-lib/aws-ecs-patterns');
const s3 = require('aws-cdk-lib/aws-s3');
const lambda = require('aws-cdk-lib/aws-lambda');
const cr = require('aws-cdk-lib/custom-resources');

class WebStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    new patterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster, desiredCount: 1, minHealthyPercent: 100, maxHealthyPercent: 150,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') },
    });
    new s3.Bucket(this, 'Uploads', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    const migrate = new lambda.Function(this, 'Migrate', {
      runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', timeout: Duration.minutes(5),
      code: lambda.Code.fromInline('def handler(event, context):\n    return {}\n'),
    });
    new CustomResource(this, 'RunMigration', { serviceToken: migrate.functionArn });
  }
}

const app = new cdk.App({ outdir: process.argv[2], context: {
  'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': true,
  '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true } });
new WebStack(app, 'WebStack');
app.synth();
